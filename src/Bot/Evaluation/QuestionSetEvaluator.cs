using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearance.Bot.Conversation;
using Clearance.Knowledge;
using Clearance.Knowledge.Answers;

namespace Clearance.Bot.Evaluation;

/// <summary>
/// Scores a question file (eval/README.md): every turn goes through the conversation pipeline as one user per item;
/// a turn passes when the reply fits one WeChat message, holds every "must" string and one of each "any" group
/// (after NFKC folding, white space removed, case-insensitive) and is answered. Out-of-scope items pass when every
/// turn is unanswered.
/// </summary>
public sealed class QuestionSetEvaluator(ConversationPipeline pipeline, KnowledgeBase knowledge, TimeProvider time)
{
    /// <summary>One turn's reply as the scorer sees it.</summary>
    public readonly record struct Said(string Text, bool Answered, string? Intent = null);

    /// <summary>Asks one turn of one item; the item's earlier turns were asked before, in order.</summary>
    public delegate Task<Said> Ask(EvaluationItem item, int turn, CancellationToken cancellationToken);

    public Task<EvaluationReport> EvaluateAsync(IEnumerable<EvaluationItem> items, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return ScoreAsync(items, async (item, turn, ct) =>
        {
            var reply = await pipeline.RunAsync(new Activity
            {
                Channel = Channel.Eval,
                Account = "eval",
                School = item.School,
                UserId = $"{run}-{item.Id}",
                Text = item.Turns[turn].Q,
                Timestamp = time.GetUtcNow(),
            }, ct);
            return new Said(reply.Text, reply.Answered, reply.Intent.Name);
        }, cancellationToken);
    }

    /// <summary>
    /// The same questions straight to the knowledge answers under another gate, each item's turns following its
    /// previous guide as the conversation does: how in-scope and out-of-scope scores trade as the gate moves.
    /// </summary>
    public Task<EvaluationReport> EvaluateGateAsync(IEnumerable<EvaluationItem> items, AnswerGate gate, CancellationToken cancellationToken)
    {
        var answers = new AnswerService(knowledge) { Gate = gate, CacheAnswers = false };
        var previous = new Dictionary<string, (string Guide, string Question)>(StringComparer.Ordinal);
        return ScoreAsync(items, (item, turn, _) =>
        {
            var last = turn == 0 ? default : previous.GetValueOrDefault(item.Id);
            var answer = answers.Ask(item.School, item.Turns[turn].Q, last.Guide, last.Question);
            if (answer.Guide is not null) previous[item.Id] = (answer.Guide.Id, item.Turns[turn].Q);
            return Task.FromResult(new Said(answer.Text, answer.Answered, Dialogs.KnowledgeDialog.IntentOf(answer).Name));
        }, cancellationToken);
    }

    public static async Task<EvaluationReport> ScoreAsync(IEnumerable<EvaluationItem> items, Ask ask, CancellationToken cancellationToken)
    {
        var results = new List<TurnResult>();
        foreach (var item in items)
        {
            for (var i = 0; i < item.Turns.Count; i++)
            {
                var turn = item.Turns[i];
                var reply = await ask(item, i, cancellationToken);
                var declineExpected = item.Kind == "out-of-scope" || turn.ExpectDecline;
                var missing = declineExpected ? DeclineMissing(turn, reply) : AnswerMissing(turn, reply);
                results.Add(new TurnResult(item.Id, i, item.School, item.Kind, turn.Q, declineExpected, missing.Count == 0, reply.Answered, missing, reply.Text));
            }
        }
        return new EvaluationReport(results);
    }

    /// <summary>What an answer lacks: one message, answered, every "must", one of each "any", the fact asked first.</summary>
    internal static List<string> AnswerMissing(EvaluationTurn turn, Said reply)
    {
        var folded = Fold(reply.Text);
        var missing = new List<string>();
        if (!reply.Answered) missing.Add("answered");
        if (Encoding.UTF8.GetByteCount(reply.Text) > 2048) missing.Add("one-message");
        missing.AddRange(turn.Must.Where(m => !folded.Contains(Fold(m), StringComparison.Ordinal)));
        missing.AddRange(turn.Any.Where(g => !g.Any(a => folded.Contains(Fold(a), StringComparison.Ordinal))).Select(g => "any(" + string.Join("|", g) + ")"));
        if (turn.First.Count > 0)
        {
            var firstLine = Fold(FirstLine(reply.Text));
            if (!turn.First.Any(f => firstLine.Contains(Fold(f), StringComparison.Ordinal)))
                missing.Add("first(" + string.Join("|", turn.First) + ")");
        }
        return missing;
    }

    /// <summary>A decline must say it does not know (and, where the set names one, why: smalltalk, other-school).</summary>
    private static List<string> DeclineMissing(EvaluationTurn turn, Said reply)
    {
        var missing = new List<string>();
        if (reply.Answered) missing.Add("declined");
        if (turn.Intent is { Length: > 0 } intent && !string.Equals(intent, reply.Intent, StringComparison.Ordinal))
            missing.Add($"intent({intent}, got {reply.Intent})");
        if (Encoding.UTF8.GetByteCount(reply.Text) > 2048) missing.Add("one-message");
        return missing;
    }

    /// <summary>The first line a reader sees: blank lines skipped.</summary>
    public static string FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";

    public static string Fold(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var sb = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (!char.IsWhiteSpace(c)) sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>A question file's items for a CLI verb, or null once the reason it cannot be read is written to <paramref name="output"/>.</summary>
    public static async Task<IReadOnlyList<EvaluationItem>?> ReadOrReportAsync(string path, TextWriter output)
    {
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"question file not found: {path}");
            return null;
        }
        try
        {
            return ReadJsonLines(path);
        }
        catch (FormatException e)
        {
            await output.WriteLineAsync(e.Message);
            return null;
        }
    }

    public static IReadOnlyList<EvaluationItem> ReadJsonLines(string path)
    {
        var items = new List<EvaluationItem>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                items.Add(JsonSerializer.Deserialize(line, EvaluationJson.Default.EvaluationItem)
                    ?? throw new JsonException("empty item"));
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}:{lineNumber}: {e.Message}", e);
            }
        }
        return items;
    }
}

public sealed record EvaluationItem(string Id, string School, string Kind, IReadOnlyList<EvaluationTurn> Turns);

/// <param name="First">When given, the reply's first line holds one of these: the fact asked, or the yes/no verdict.</param>
/// <param name="Intent">For a turn to be declined: the kind of decline expected (<c>smalltalk</c>, <c>other-school</c>).</param>
/// <param name="ExpectDecline">A turn of an in-scope conversation that the bot must decline.</param>
public sealed record EvaluationTurn(string Q, IReadOnlyList<string> Must, IReadOnlyList<IReadOnlyList<string>> Any,
    IReadOnlyList<string>? First = null, string? Intent = null, bool ExpectDecline = false)
{
    public IReadOnlyList<string> Must { get; init; } = Must ?? [];
    public IReadOnlyList<IReadOnlyList<string>> Any { get; init; } = Any ?? [];
    public IReadOnlyList<string> First { get; init; } = First ?? [];
}

public sealed record TurnResult(string ItemId, int Turn, string School, string Kind, string Question, bool OutOfScope, bool Passed, bool Answered, IReadOnlyList<string> Missing, string Reply);

public sealed record EvaluationReport(IReadOnlyList<TurnResult> Turns)
{
    /// <summary>pass@1 over in-scope turns.</summary>
    public double InScope => Share(Turns.Where(t => !t.OutOfScope).Select(t => t.Passed));

    /// <summary>Share of out-of-scope items whose every turn was unanswered.</summary>
    public double OutOfScope => Share(Turns.Where(t => t.OutOfScope).GroupBy(t => t.ItemId).Select(g => g.All(t => t.Passed)));

    private static double Share(IEnumerable<bool> outcomes)
    {
        var list = outcomes.ToList();
        return list.Count == 0 ? 1.0 : (double)list.Count(x => x) / list.Count;
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"in-scope {InScope:0.000} ({Turns.Count(t => !t.OutOfScope && t.Passed)}/{Turns.Count(t => !t.OutOfScope)} turns), out-of-scope {OutOfScope:0.000} ({Turns.Where(t => t.OutOfScope).GroupBy(t => t.ItemId).Count(g => g.All(t => t.Passed))}/{Turns.Where(t => t.OutOfScope).Select(t => t.ItemId).Distinct().Count()} items)");
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(EvaluationItem))]
internal sealed partial class EvaluationJson : JsonSerializerContext;
