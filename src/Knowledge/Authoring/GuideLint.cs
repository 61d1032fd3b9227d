using System.Text.RegularExpressions;
using Clearance.Knowledge.Answers;
using Clearance.Knowledge.Guides;

namespace Clearance.Knowledge.Authoring;

public enum LintSeverity
{
    Warning,
    Error,
}

/// <summary>One thing <c>kb lint</c> found: which check, how bad, where (file relative to the knowledge base, or school.yml).</summary>
public sealed record LintFinding(LintSeverity Severity, string Check, string School, string File, string Message)
{
    public override string ToString() => $"{(Severity == LintSeverity.Error ? "error" : "warning")}: {School}/{File}: [{Check}] {Message}";
}

/// <summary>The check names, stable: a school's CI may filter on them.</summary>
public static class LintChecks
{
    public const string OfficePhones = "office-phones";
    public const string Unreachable = "unreachable";
    public const string PastYear = "past-year";
    public const string QuestionMiss = "question-miss";
    public const string Ambiguous = "ambiguous";
    public const string BrokenLink = "broken-link";
    public const string Draft = "draft";
}

/// <summary>
/// Checks a school's guides the way a person reviewing them would: can a student reach the office, do the facts agree
/// across guides, are dates still this year's, does each guide answer its own questions, and do school.yml and the
/// guides point at each other. Errors are what makes a guide wrong or unreachable (a broken link, no way to reach
/// anyone); warnings are what a person should look at (a stale year may be right, two phones may both be real).
/// </summary>
public static partial class GuideLint
{
    public static IReadOnlyList<LintFinding> Check(SchoolKnowledge school, int currentYear, AnswerService? answers = null)
    {
        var findings = new List<LintFinding>();
        var id = school.Profile.Id;
        OfficePhones(school, findings);
        foreach (var guide in school.Guides)
        {
            Unreachable(guide, findings);
            PastYear(guide, currentYear, findings);
        }
        BrokenLinks(school, findings);
        if (answers is not null) Retrieval(school, answers, findings);
        foreach (var draft in school.Drafts)
        {
            foreach (var item in DraftReview.Items(draft))
                findings.Add(new LintFinding(LintSeverity.Warning, LintChecks.Draft, id, FileOf(draft), item));
        }
        return findings;
    }

    internal static string FileOf(Guide guide) => Path.GetFileName(guide.FilePath);

    /// <summary>Digits only, without a leading area code (023-, 010-), so "023-65102345" and "65102345" are the same phone.</summary>
    internal static string PhoneKey(string phone)
    {
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length > 8 && digits.StartsWith('0') ? digits[^8..] : digits;
    }

    private static void OfficePhones(SchoolKnowledge school, List<LintFinding> findings)
    {
        // An office named by several guides: phones that share nothing mean one of them is out of date.
        var byOffice = school.Guides
            .Where(g => !string.IsNullOrWhiteSpace(g.Office) && g.Phone.Count > 0 && g.Locations.Count == 0)
            .GroupBy(g => g.Office!.Trim(), StringComparer.Ordinal);
        foreach (var group in byOffice)
        {
            var guides = group.ToList();
            for (var i = 0; i < guides.Count; i++)
            {
                for (var j = i + 1; j < guides.Count; j++)
                {
                    var a = guides[i].Phone.Select(PhoneKey).ToHashSet(StringComparer.Ordinal);
                    if (guides[j].Phone.Select(PhoneKey).Any(a.Contains)) continue;
                    findings.Add(new LintFinding(LintSeverity.Warning, LintChecks.OfficePhones, school.Profile.Id, FileOf(guides[j]),
                        $"office '{group.Key}' has phone {string.Join("/", guides[j].Phone)} here but {string.Join("/", guides[i].Phone)} in {FileOf(guides[i])}"));
                }
            }
        }
    }

    private static void Unreachable(Guide guide, List<LintFinding> findings)
    {
        var frontMatter = guide.Phone.Count > 0 || guide.Hours is not null || guide.Where is not null || guide.Window is not null
            || guide.Room is not null || guide.Locations.Any(l => l.Where is not null || l.Phone.Count > 0 || l.Hours is not null);
        if (frontMatter) return;
        // A guide may still give a phone or a link in its text (an online service); only one that gives nothing is an error.
        var body = string.Join('\n', guide.Sections.Select(s => s.Text));
        if (PhoneInText().IsMatch(body) || body.Contains("http", StringComparison.OrdinalIgnoreCase)) return;
        findings.Add(new LintFinding(LintSeverity.Error, LintChecks.Unreachable, guide.School, FileOf(guide),
            "no phone, place or hours: a student reading it cannot reach anyone (add phone:, where: or hours:)"));
    }

    private static void PastYear(Guide guide, int currentYear, List<LintFinding> findings)
    {
        if (guide.Confirmed >= currentYear) return;
        foreach (var statement in DatedStatements.In(guide).Where(s => s.Year < currentYear).DistinctBy(s => s.Year))
        {
            findings.Add(new LintFinding(LintSeverity.Warning, LintChecks.PastYear, guide.School, FileOf(guide),
                $"line {statement.Line}: a date in {statement.Year}, before {currentYear}" + (guide.Confirmed is { } c ? $" (confirmed {c})" : " (no confirmed: year)")
                + $": \"{statement.Text}\" — confirm it with kb roll"));
        }
    }

    private static void BrokenLinks(SchoolKnowledge school, List<LintFinding> findings)
    {
        var id = school.Profile.Id;
        foreach (var office in school.Profile.Clearance.Offices.Where(o => o.Guide is not null))
        {
            if (school.FindGuide(office.Guide) is not null) continue;
            var draft = school.Drafts.Any(d => d.Id == office.Guide);
            findings.Add(new LintFinding(LintSeverity.Error, LintChecks.BrokenLink, id, "school.yml",
                $"office '{office.Id}' names guide '{office.Guide}', " + (draft ? "which is still a draft" : "which does not exist")));
        }
        foreach (var guide in school.Guides.Where(g => g.Department is not null))
        {
            if (school.Profile.FindOffice(guide.Department!) is not null || school.Profile.Clearance.Offices.Count == 0) continue;
            findings.Add(new LintFinding(LintSeverity.Error, LintChecks.BrokenLink, id, FileOf(guide),
                $"department '{guide.Department}' is not an office id in school.yml ({string.Join(", ", school.Profile.Clearance.Offices.Select(o => o.Id))})"));
        }
    }

    private static void Retrieval(SchoolKnowledge school, AnswerService answers, List<LintFinding> findings)
    {
        var gate = answers.Gate;
        foreach (var guide in school.Guides)
        {
            foreach (var question in guide.Questions)
            {
                var answer = answers.Ask(school.Profile.Id, question);
                if (answer.Answered && answer.Guide?.Id == guide.Id) continue;
                var hits = school.Index.Search(school.Index.Analyzer.Analyze(question), 2);
                if (hits.Count == 2 && hits[0].Score > 0
                    && (hits[0].Score - hits[1].Score) / hits[0].Score < gate.MinMarginWhenUnsure
                    && hits.Any(h => h.Guide.Id == guide.Id))
                {
                    var other = hits.First(h => h.Guide.Id != guide.Id).Guide;
                    findings.Add(new LintFinding(LintSeverity.Warning, LintChecks.Ambiguous, school.Profile.Id, FileOf(guide),
                        $"\"{question}\" is answered about equally by {FileOf(other)}, so the gate's margin cannot tell them apart: make the two guides' titles or keywords tell them apart"));
                    continue;
                }
                var got = answer.Answered ? $"answered from {(answer.Guide is { } g ? FileOf(g) : "another guide")}" : "not answered";
                findings.Add(new LintFinding(LintSeverity.Warning, LintChecks.QuestionMiss, school.Profile.Id, FileOf(guide),
                    $"its own question \"{question}\" is {got}"));
            }
        }
    }

    [GeneratedRegex(@"\d{3,4}-?\d{7,8}|1[3-9]\d{9}|\b\d{8}\b")]
    private static partial Regex PhoneInText();
}
