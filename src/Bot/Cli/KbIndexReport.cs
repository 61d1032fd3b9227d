using Clearance.Knowledge;
using Clearance.Knowledge.Authoring;

namespace Clearance.Bot.Cli;

/// <summary>
/// What <c>index</c> adds for a school's admin: each school's lint summary, its drafts with what needs review, and its
/// office ids (the ids <c>kb offices</c> lists, for the roster and the staff keys).
/// </summary>
public static class KbIndexReport
{
    public static async Task WriteAsync(KnowledgeSnapshot snapshot, KnowledgeLint lint, TextWriter output)
    {
        var findings = lint.Run(snapshot: snapshot);
        foreach (var (id, school) in snapshot.Schools)
        {
            await output.WriteLineAsync("lint " + KnowledgeLint.Summary(id, findings));
            foreach (var error in findings.Where(f => f.School == id && f.Severity == LintSeverity.Error))
                await output.WriteLineAsync("  " + error);
            if (school.Profile.Clearance.Offices.Count > 0)
                await output.WriteLineAsync($"  offices: {string.Join(", ", school.Profile.Clearance.Offices.Select(o => $"{o.Id} ({o.Name})"))}");
            foreach (var draft in school.Drafts)
            {
                await output.WriteLineAsync($"  draft {Path.GetFileName(draft.FilePath)} ({draft.Title}), not served; to review:");
                foreach (var item in DraftReview.Items(draft)) await output.WriteLineAsync("    - " + item);
            }
        }
        await output.WriteLineAsync("details: kb lint [--school X]");
    }
}
