using System.Collections.Concurrent;
using System.Data.Common;
using Clearance.Integrations.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Feedback;

/// <summary>
/// Missed questions collected in memory and written in one pass every few seconds, counts added up per wording. A
/// database write on the turn itself serialised every low-confidence answer behind SQLite's single writer (measured:
/// half the webhook's throughput at 50 connections went to waiting). The console flushes before it reads, so staff
/// never see stale counts; a crash loses at most one interval of insights, never an answer.
/// </summary>
public sealed partial class QuestionInsightsBuffer(
    StaffInsightsStore store,
    IOptions<FeedbackOptions> options,
    TimeProvider time,
    ILogger<QuestionInsightsBuffer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(6);
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private ConcurrentDictionary<(string School, string Normalised), Pending> _pending = new();

    private sealed record Pending(string Question, string Kind, string? NearestGuideId, double Score, double Margin, int Count);

    public void Enqueue(string school, string question, string kind, string? nearestGuideId, double score, double margin)
    {
        var normalised = QuestionText.Normalise(question);
        if (normalised.Length == 0) return;
        _pending.AddOrUpdate(
            (school, normalised),
            _ => new Pending(question, kind, nearestGuideId, score, margin, 1),
            (_, p) => new Pending(question, kind, nearestGuideId, score, margin, p.Count + 1));
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<(string, string), Pending>());
            foreach (var ((school, _), p) in batch)
            {
                try
                {
                    await store.RecordQuestionAsync(school, p.Question, p.Kind, p.NearestGuideId, p.Score, p.Margin, cancellationToken, p.Count);
                }
                // An outage too (EF Core wraps a refused connection in an InvalidOperationException): an exception
                // escaping ExecuteAsync stops the whole host, so a stopped PostgreSQL took the chat down with it.
                catch (Exception e) when (e is DbException or DbUpdateException || RecordsOutage.Is(e))
                {
                    LogRecordFailed(logger, e, school, p.Count);
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
                if (time.GetUtcNow() >= _nextPurge)
                {
                    _nextPurge = time.GetUtcNow() + PurgeEvery;
                    await PurgeExpiredAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the final flush below writes what is left.
        }
        await FlushAsync(CancellationToken.None);
    }

    /// <summary>Applies <see cref="FeedbackOptions.RetentionDays"/>; runs at start and every few hours.</summary>
    public async Task PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        try
        {
            var (questions, votes) = await store.PurgeAsync(before, cancellationToken);
            if (questions + votes > 0) LogPurged(logger, questions, votes, options.Value.RetentionDays);
        }
        catch (Exception e) when (e is DbException or DbUpdateException || RecordsOutage.Is(e))
        {
            LogPurgeFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Questions} missed question(s) and {Votes} vote(s) older than {Days} days")]
    private static partial void LogPurged(ILogger logger, int questions, int votes, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete expired missed questions and votes; trying again later")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Count} missed question(s) for {School}")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string school, int count);
}
