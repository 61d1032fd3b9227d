using Clearance.Knowledge;
using Clearance.Knowledge.Authoring;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Cli;

/// <summary>
/// <c>kb roll --school X --year YYYY</c> writes <c>knowledge-base/X/roll-YYYY.txt</c>: every dated statement and calendar
/// entry to confirm. <c>--confirm</c> reads it back and marks <c>confirmed: YYYY</c> in each guide whose boxes are all
/// ticked; it exits 1 while any box is open, so "everything confirmed" can be checked in a school's CI.
/// </summary>
public sealed class KbRollVerb(KnowledgeBase knowledge, IOptions<KnowledgeOptions> options) : ICliVerb
{
    public string Name => "kb roll";

    public string Usage => "kb roll --school X --year YYYY [--confirm]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (named, _) = CliDispatcher.Parse(args);
        var snapshot = knowledge.Reload();
        if (!named.TryGetValue("school", out var id) || snapshot.School(id) is not { } school
            || !int.TryParse(named.GetValueOrDefault("year"), out var year) || year is < 2000 or > 2100)
        {
            await output.WriteLineAsync($"usage: {Usage} (schools: {string.Join(", ", snapshot.Schools.Keys)})");
            return 2;
        }
        var path = YearRoll.ChecklistPath(Path.Combine(options.Value.ResolveRoot(), id), year);
        if (!named.ContainsKey("confirm"))
        {
            if (File.Exists(path))
            {
                await output.WriteLineAsync($"{path} exists (ticks in it are kept): edit it, then run with --confirm");
                return 0;
            }
            var checklist = YearRoll.Checklist(school, year);
            await File.WriteAllTextAsync(path, checklist, cancellationToken);
            await output.WriteAsync(checklist);
            await output.WriteLineAsync($"\nwritten to {path}: tick each box, then: kb roll --school {id} --year {year} --confirm");
            return 0;
        }
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"no checklist at {path}: run kb roll --school {id} --year {year} first");
            return 2;
        }
        var result = YearRoll.Confirm(school, year, await File.ReadAllTextAsync(path, cancellationToken));
        foreach (var file in result.Confirmed) await output.WriteLineAsync($"confirmed: {year} → {file}");
        foreach (var item in result.Open) await output.WriteLineAsync("open: " + item);
        await output.WriteLineAsync($"{result.Confirmed.Count} guides marked confirmed for {year}; {result.Open.Count} items still open");
        if (result.Confirmed.Count > 0) knowledge.Reload();
        return result.Open.Count == 0 ? 0 : 1;
    }
}
