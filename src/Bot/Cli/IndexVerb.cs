using Clearance.Knowledge;

namespace Clearance.Bot.Cli;

/// <summary><c>index</c>: rebuilds the index and prints what loaded per school, and every error with file and line.</summary>
public sealed class IndexVerb(KnowledgeBase knowledge) : ICliVerb
{
    public string Name => "index";

    public string Usage => "index";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var snapshot = knowledge.Reload();
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        foreach (var (id, school) in snapshot.Schools)
        {
            await output.WriteLineAsync(
                $"{id,-5} {school.Profile.Name}: {school.Guides.Count} guides, {school.Profile.Clearance.Offices.Count} clearance offices, {school.Profile.Calendar.Count} calendar dates");
        }
        foreach (var error in snapshot.Errors) await output.WriteLineAsync("error: " + error);
        // In a fresh process the first load also reads jieba's 350k-word dictionary; a reload in a running service does not.
        await output.WriteLineAsync($"indexed in {elapsed.TotalMilliseconds:0} ms (including the segmenter's dictionary, loaded once per process); {snapshot.Errors.Count} errors");
        return snapshot.Errors.Count == 0 ? 0 : 1;
    }
}
