using Clearance.Knowledge;
using Clearance.Knowledge.Authoring;

namespace Clearance.Bot.Cli;

/// <summary>
/// <c>kb lint [--school X]</c>: every finding of <see cref="GuideLint"/>, errors first, then a line per school. Exits 1 on
/// any error (or a guide that does not load), so a school can run it in its own CI; warnings alone exit 0.
/// </summary>
public sealed class KbLintVerb(KnowledgeBase knowledge, KnowledgeLint lint) : ICliVerb
{
    public string Name => "kb lint";

    public string Usage => "kb lint [--school X]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, _) = CliDispatcher.Parse(args);
        var school = options.GetValueOrDefault("school");
        var snapshot = knowledge.Reload();
        if (school is not null && snapshot.School(school) is null)
        {
            await output.WriteLineAsync($"unknown school '{school}' (known: {string.Join(", ", snapshot.Schools.Keys)})");
            return 2;
        }
        var loadErrors = snapshot.Errors.Where(e => school is null || e.File.Contains($"/{school}/", StringComparison.Ordinal)).ToList();
        foreach (var error in loadErrors) await output.WriteLineAsync("error: " + error);
        var findings = lint.Run(school, snapshot);
        foreach (var finding in findings.OrderByDescending(f => f.Severity).ThenBy(f => f.School, StringComparer.Ordinal).ThenBy(f => f.File, StringComparer.Ordinal))
            await output.WriteLineAsync(finding.ToString());
        foreach (var id in snapshot.Schools.Keys.Where(id => school is null || id == school))
            await output.WriteLineAsync(KnowledgeLint.Summary(id, findings));
        return loadErrors.Count > 0 || findings.Any(f => f.Severity == LintSeverity.Error) ? 1 : 0;
    }
}
