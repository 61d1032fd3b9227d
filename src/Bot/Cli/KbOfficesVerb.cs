using Clearance.Knowledge;

namespace Clearance.Bot.Cli;

/// <summary><c>kb offices --school X</c>: the office ids of school.yml (for staff keys and rosters) and the offices guides name.</summary>
public sealed class KbOfficesVerb(KnowledgeBase knowledge) : ICliVerb
{
    public string Name => "kb offices";

    public string Usage => "kb offices --school X";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (named, _) = CliDispatcher.Parse(args);
        var snapshot = knowledge.Current;
        if (!named.TryGetValue("school", out var id) || snapshot.School(id) is not { } school)
        {
            await output.WriteLineAsync($"usage: {Usage} (schools: {string.Join(", ", snapshot.Schools.Keys)})");
            return 2;
        }
        await output.WriteLineAsync("id\tname\tphone\twhere\tguide");
        foreach (var office in school.Profile.Clearance.Offices.OrderBy(o => o.Order))
        {
            await output.WriteLineAsync(string.Join('\t', office.Id + (office.IsGatedAfterAll ? " (last)" : ""), office.Name,
                string.Join("/", office.Phone), office.Where ?? "", office.Guide ?? ""));
        }
        var named2 = school.Profile.Clearance.Offices.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var others = school.Guides.Concat(school.Drafts).Where(g => g.Office is not null && !named2.Contains(g.Office))
            .GroupBy(g => g.Office!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (others.Count > 0)
        {
            await output.WriteLineAsync("offices named by guides, not clearance offices in school.yml:");
            foreach (var g in others) await output.WriteLineAsync($"  {g.Key}: {string.Join(", ", g.Select(x => x.Id))}");
        }
        return 0;
    }
}
