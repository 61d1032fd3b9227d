using Clearance.Knowledge;
using Clearance.Knowledge.Authoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Clearance.Bot.StaffConsole;

/// <summary><c>GET /api/console/{school}/lint</c>: the same report as <c>kb lint --school X</c>, for the console page.</summary>
public static class LintConsole
{
    public static async Task<Results<Ok<LintReport>, NotFound>> GetLint(string school, KnowledgeBase knowledge, KnowledgeLint lint)
    {
        var snapshot = knowledge.Current;
        if (snapshot.School(school) is null) return TypedResults.NotFound();
        // Asking every guide's own questions is CPU work; keep it off the request thread.
        var findings = await Task.Run(() => lint.Run(school, snapshot));
        return TypedResults.Ok(new LintReport(
            KnowledgeLint.Summary(school, findings),
            [.. findings.OrderByDescending(f => f.Severity).ThenBy(f => f.File, StringComparer.Ordinal)
                .Select(f => new LintItem(f.Severity == LintSeverity.Error ? "error" : "warning", f.Check, f.File, f.Message))]));
    }
}

public sealed record LintReport(string Summary, IReadOnlyList<LintItem> Findings);

public sealed record LintItem(string Severity, string Check, string File, string Message);
