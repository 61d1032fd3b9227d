using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Records;

/// <summary>A 👍 / 👎 as the web page or a WeChat "有用" / "没用" reply delivers it.</summary>
public sealed record FeedbackVote(
    string School, string Channel, string ConversationKey, string? GuideId, bool Helpful, string? Question, string? Reply);

/// <summary>Votes on one guide, for the console.</summary>
public sealed record GuideVotes(string? GuideId, int Helpful, int NotHelpful);

/// <summary>
/// What students tell staff without meaning to (questions the guides miss) and on purpose (👍 / 👎), in the records
/// store. Short-lived contexts, like <see cref="ProgressStore"/>, because the dialog and middleware are singletons.
/// </summary>
public sealed class StaffInsightsStore(RecordsDbContextFactory contexts, RecordsSchema schema, TimeProvider time)
{
    public const int MaxReplyLength = 4096;

    /// <summary>One vote per user, guide and question: a second click (or "没用" after "有用") changes the vote.</summary>
    public async Task RecordFeedbackAsync(FeedbackVote vote, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var userHash = Hash(vote.ConversationKey);
        var question = vote.Question is null ? null : QuestionText.Mask(vote.Question);
        var reply = vote.Reply is { Length: > MaxReplyLength } r ? r[..MaxReplyLength] : vote.Reply;
        await using var db = await OpenAsync(cancellationToken);
        var existing = await db.AnswerFeedback.FirstOrDefaultAsync(
            f => f.School == vote.School && f.UserHash == userHash && f.GuideId == vote.GuideId && f.Question == question,
            cancellationToken);
        if (existing is null)
        {
            db.AnswerFeedback.Add(new AnswerFeedback
            {
                School = vote.School,
                Channel = vote.Channel,
                UserHash = userHash,
                GuideId = vote.GuideId,
                Helpful = vote.Helpful,
                Question = question,
                Reply = reply,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
        else
        {
            existing.Helpful = vote.Helpful;
            existing.Reply = reply ?? existing.Reply;
            existing.UpdatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Counts one more ask of a question; identical normalised wordings share a row.</summary>
    public async Task RecordQuestionAsync(
        string school, string question, string kind, string? nearestGuideId, double score, double margin, CancellationToken cancellationToken,
        int count = 1)
    {
        var now = time.GetUtcNow();
        var normalised = QuestionText.Normalise(question);
        if (normalised.Length == 0) return;
        var text = QuestionText.Mask(question);
        await using var db = await OpenAsync(cancellationToken);
        if (await IncrementAsync(db, school, normalised, text, kind, nearestGuideId, score, margin, count, now, cancellationToken) > 0) return;
        db.UnansweredQuestions.Add(new UnansweredQuestion
        {
            School = school,
            Normalised = normalised,
            Text = text,
            Kind = kind,
            NearestGuideId = nearestGuideId,
            Score = score,
            Margin = margin,
            Count = count,
            FirstAskedAt = now,
            LastAskedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another turn inserted the same wording between our update and insert: the unique index caught it, count on it.
            await using var retry = contexts.CreateDbContext();
            await IncrementAsync(retry, school, normalised, text, kind, nearestGuideId, score, margin, count, now, cancellationToken);
        }
    }

    private static Task<int> IncrementAsync(
        ClearanceDbContext db, string school, string normalised, string text, string kind, string? nearestGuideId,
        double score, double margin, int count, DateTimeOffset now, CancellationToken cancellationToken) =>
        // One UPDATE … SET Count = Count + n, so concurrent writers never lose a count.
        db.UnansweredQuestions
            .Where(q => q.School == school && q.Normalised == normalised)
            .ExecuteUpdateAsync(s => s
                .SetProperty(q => q.Count, q => q.Count + count)
                .SetProperty(q => q.Text, text)
                .SetProperty(q => q.Kind, kind)
                .SetProperty(q => q.NearestGuideId, nearestGuideId)
                .SetProperty(q => q.Score, score)
                .SetProperty(q => q.Margin, margin)
                .SetProperty(q => q.LastAskedAt, now), cancellationToken);

    /// <summary>Deletes missed questions last asked, and votes last changed, before <paramref name="before"/>.</summary>
    public async Task<(int Questions, int Votes)> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var questions = await db.UnansweredQuestions.Where(q => q.LastAskedAt < before).ExecuteDeleteAsync(cancellationToken);
        var votes = await db.AnswerFeedback.Where(f => f.UpdatedAt < before).ExecuteDeleteAsync(cancellationToken);
        return (questions, votes);
    }

    public async Task<IReadOnlyList<UnansweredQuestion>> QuestionsAsync(string school, int limit, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.UnansweredQuestions.AsNoTracking()
            .Where(q => q.School == school)
            .OrderByDescending(q => q.Count).ThenByDescending(q => q.LastAskedAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<GuideVotes>> VotesByGuideAsync(string school, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var votes = await db.AnswerFeedback.AsNoTracking()
            .Where(f => f.School == school)
            .GroupBy(f => f.GuideId)
            .Select(g => new GuideVotes(g.Key, g.Count(f => f.Helpful), g.Count(f => !f.Helpful)))
            .ToListAsync(cancellationToken);
        return [.. votes.OrderByDescending(v => v.NotHelpful).ThenByDescending(v => v.Helpful).ThenBy(v => v.GuideId, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ReminderDelivery>> RecentDeliveriesAsync(string school, int limit, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.ReminderDeliveries.AsNoTracking()
            .Where(d => d.School == school)
            .OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    private async Task<ClearanceDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureMigratedAsync(cancellationToken);
        return contexts.CreateDbContext();
    }

    /// <summary>Enough to tell one voter's second click from another voter; not reversible to the openid or web id.</summary>
    private static string Hash(string conversationKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(conversationKey)))[..32];
}
