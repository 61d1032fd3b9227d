using Clearance.Bot.Evaluation;
using Clearance.Knowledge.Answers;

namespace Clearance.Bot.Cli;

/// <summary>
/// <c>eval [file.jsonl ...] [--verbose] [--sweep]</c>: scores question files through the conversation pipeline, or
/// with <c>--sweep</c> shows how the answer gate trades in-scope against out-of-scope scores on them.
/// </summary>
public sealed class EvalVerb(QuestionSetEvaluator evaluator) : ICliVerb
{
    public string Name => "eval";

    public string Usage => "eval [questions.jsonl ...] [--verbose] [--sweep]  (default: eval/dev-questions.jsonl)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, positional) = CliDispatcher.Parse(args);
        var paths = positional.Count > 0 ? positional : [FindDefault() ?? "eval/dev-questions.jsonl"];
        var sets = new List<(string Name, IReadOnlyList<EvaluationItem> Items)>();
        foreach (var path in paths)
        {
            if (await QuestionSetEvaluator.ReadOrReportAsync(path, output) is not { } items) return 2;
            sets.Add((Path.GetFileNameWithoutExtension(path), items));
        }
        if (options.ContainsKey("sweep"))
        {
            await SweepAsync(sets, output, cancellationToken);
            return 0;
        }
        foreach (var (name, items) in sets)
        {
            var report = await evaluator.EvaluateAsync(items, cancellationToken);
            foreach (var turn in report.Turns.Where(t => !t.Passed || options.ContainsKey("verbose")))
            {
                await output.WriteLineAsync($"{(turn.Passed ? "PASS" : "FAIL")} {turn.ItemId}#{turn.Turn} [{turn.School}/{turn.Kind}] {turn.Question} answered={turn.Answered} missing={string.Join(",", turn.Missing)}");
                if (options.ContainsKey("verbose")) await output.WriteLineAsync("    " + turn.Reply.Replace("\n", "\n    ", StringComparison.Ordinal));
            }
            await output.WriteLineAsync((sets.Count > 1 ? name + ": " : "") + report.Summary());
        }
        return 0;
    }

    /// <summary>The default gate first, then each bound moved on its own, so a row shows what that bound buys.</summary>
    private async Task SweepAsync(List<(string Name, IReadOnlyList<EvaluationItem> Items)> sets, TextWriter output, CancellationToken cancellationToken)
    {
        var d = AnswerGate.Default;
        var gates = new List<(string Label, AnswerGate Gate)> { ("default", d) };
        foreach (var v in new[] { 0.3, 0.4, 0.6 }) gates.Add(($"MinCoverage={v}", d with { MinCoverage = v }));
        foreach (var v in new[] { 0.6, 0.8, 0.9 }) gates.Add(($"SureCoverage={v}", d with { SureCoverage = v }));
        foreach (var v in new[] { 0.0, 0.1, 0.4 }) gates.Add(($"MinMarginWhenUnsure={v}", d with { MinMarginWhenUnsure = v }));
        foreach (var v in new[] { 0.5, 5.0, 10.0 }) gates.Add(($"MinScore={v}", d with { MinScore = v }));

        await output.WriteLineAsync("| gate | " + string.Join(" | ", sets.Select(s => s.Name + " in / out")) + " |");
        await output.WriteLineAsync("|---|" + string.Concat(sets.Select(_ => "---|")));
        foreach (var (label, gate) in gates)
        {
            var cells = new List<string>();
            foreach (var (_, items) in sets)
            {
                var report = await evaluator.EvaluateGateAsync(items, gate, cancellationToken);
                cells.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{report.InScope:0.000} / {report.OutOfScope:0.000}"));
            }
            await output.WriteLineAsync($"| {label} | {string.Join(" | ", cells)} |");
        }
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
