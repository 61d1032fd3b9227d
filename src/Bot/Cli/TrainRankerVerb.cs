using Clearance.Bot.Evaluation;
using Clearance.Knowledge.Answers;

namespace Clearance.Bot.Cli;

/// <summary>
/// <c>eval train-ranker questions.jsonl ... --out guide-ranker.json [--holdout name]</c>: trains the guide ranker on
/// labelled question sets and writes the file the service loads (<c>Knowledge:Ranker</c>); the built-in one lives at
/// src/Knowledge/Answers/guide-ranker.json. <c>--holdout</c> leaves a set out, to measure the ranker on it afterwards.
/// </summary>
public sealed class TrainRankerVerb(RankerTraining training) : ICliVerb
{
    public string Name => "eval train-ranker";

    public string Usage => "eval train-ranker questions.jsonl ... --out guide-ranker.json [--holdout set-name]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, paths) = CliDispatcher.Parse(args);
        if (paths.Count == 0 || !options.TryGetValue("out", out var outPath) || outPath == "true")
        {
            await output.WriteLineAsync("usage: " + Usage);
            return 2;
        }
        var holdout = options.GetValueOrDefault("holdout");
        var sets = new List<(string, IReadOnlyList<EvaluationItem>)>();
        foreach (var path in paths)
        {
            var name = Path.GetFileNameWithoutExtension(path).Replace("-questions", "", StringComparison.Ordinal);
            if (name == holdout) continue;
            if (await QuestionSetEvaluator.ReadOrReportAsync(path, output) is not { } items) return 2;
            sets.Add((name, items));
        }
        var questions = training.Label(sets);
        var (file, report) = training.Train(questions, output);
        await output.WriteAsync(report);
        await using (var stream = File.Create(outPath)) GuideRanker.Save(file, stream);
        await output.WriteLineAsync($"wrote {outPath} ({file.Trees.Count} trees, threshold {file.Threshold:0.000})");
        return 0;
    }
}
