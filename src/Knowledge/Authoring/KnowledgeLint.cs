using Clearance.Knowledge.Answers;

namespace Clearance.Knowledge.Authoring;

/// <summary>
/// <see cref="GuideLint"/> over the loaded knowledge base, for <c>kb lint</c>, <c>index</c> and the staff console. The
/// school's current year is the year on the school's own clock.
/// </summary>
public sealed class KnowledgeLint(KnowledgeBase knowledge, AnswerService answers, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public IReadOnlyList<LintFinding> Run(string? schoolId = null, KnowledgeSnapshot? snapshot = null)
    {
        snapshot ??= knowledge.Current;
        var findings = new List<LintFinding>();
        foreach (var (id, school) in snapshot.Schools)
        {
            if (schoolId is not null && id != schoolId) continue;
            var year = TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), school.Profile.ResolveTimeZone()).Year;
            findings.AddRange(GuideLint.Check(school, year, answers));
        }
        return findings;
    }

    /// <summary>"cqu: 0 errors, 12 warnings (past-year 9, question-miss 3)".</summary>
    public static string Summary(string school, IEnumerable<LintFinding> findings)
    {
        var list = findings.Where(f => f.School == school).ToList();
        var errors = list.Count(f => f.Severity == LintSeverity.Error);
        var byCheck = string.Join(", ", list.GroupBy(f => f.Check).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        return $"{school}: {errors} errors, {list.Count - errors} warnings" + (byCheck.Length > 0 ? $" ({byCheck})" : "");
    }
}
