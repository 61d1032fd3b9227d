using Clearance.Knowledge;
using Clearance.Knowledge.Analysis;

namespace Clearance.Bot.Cli;

/// <summary><c>index</c>: rebuilds the index and prints what loaded per school, and every error with file and line.</summary>
public sealed class IndexVerb(KnowledgeBase knowledge, Clearance.Knowledge.Authoring.KnowledgeLint lint) : ICliVerb
{
    public string Name => "index";

    public string Usage => "index";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        // jieba reads its 350k-word dictionary once per process; a reload in a running service does not, so the two
        // are timed apart.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        ChineseSegmenter.Shared.Words("离校");
        var dictionary = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        var snapshot = knowledge.Reload();
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        foreach (var (id, school) in snapshot.Schools)
        {
            await output.WriteLineAsync(
                $"{id,-5} {school.Profile.Name}: {school.Guides.Count} guides, {school.Profile.Clearance.Offices.Count} clearance offices, {school.Profile.Calendar.Count} calendar dates");
        }
        foreach (var error in snapshot.Errors) await output.WriteLineAsync("error: " + error);
        await KbIndexReport.WriteAsync(snapshot, lint, output);
        await output.WriteLineAsync(
            $"indexed in {elapsed.TotalMilliseconds:0} ms (segmenter dictionary loaded before, in {dictionary.TotalMilliseconds:0} ms, once per process); {snapshot.Errors.Count} errors");
        return snapshot.Errors.Count == 0 ? 0 : 1;
    }
}
