using Clearance.Bot.Evaluation;

namespace Clearance.Bot.Cli;

/// <summary><c>eval [file.jsonl] [--verbose]</c>: scores a question file through the conversation pipeline.</summary>
public sealed class EvalVerb(QuestionSetEvaluator evaluator) : ICliVerb
{
    public string Name => "eval";

    public string Usage => "eval [questions.jsonl] [--verbose]  (default: eval/dev-questions.jsonl)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, positional) = CliDispatcher.Parse(args);
        var path = positional.Count > 0 ? positional[0] : FindDefault();
        if (path is null || !File.Exists(path))
        {
            await output.WriteLineAsync($"question file not found: {path ?? "eval/dev-questions.jsonl"}");
            return 2;
        }
        IReadOnlyList<EvaluationItem> items;
        try
        {
            items = QuestionSetEvaluator.ReadJsonLines(path);
        }
        catch (FormatException e)
        {
            await output.WriteLineAsync(e.Message);
            return 2;
        }
        var report = await evaluator.EvaluateAsync(items, cancellationToken);
        foreach (var turn in report.Turns.Where(t => !t.Passed || options.ContainsKey("verbose")))
        {
            await output.WriteLineAsync($"{(turn.Passed ? "PASS" : "FAIL")} {turn.ItemId}#{turn.Turn} [{turn.School}/{turn.Kind}] {turn.Question} answered={turn.Answered} missing={string.Join(",", turn.Missing)}");
            if (options.ContainsKey("verbose")) await output.WriteLineAsync("    " + turn.Reply.Replace("\n", "\n    ", StringComparison.Ordinal));
        }
        await output.WriteLineAsync(report.Summary());
        return 0;
    }

    private static string? FindDefault()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "eval", "dev-questions.jsonl");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
