using System.Runtime.CompilerServices;
using Clearance.Bot.Conversation;
using Clearance.Knowledge;
using Clearance.Knowledge.Answers;
using Clearance.Knowledge.Guides;

namespace Clearance.Bot.WebChat;

/// <summary>
/// The web page's example questions for a school, taken from its own guides so that every chip is something this
/// school's bot answers (a fixed "退宿去哪里办" was declined where no guide has that service). The candidates are the
/// guides of the school's clearance offices in office order, then the guides a graduating student's question
/// ("毕业离校手续") retrieves, then the rest; each gives its first <c>questions:</c> entry, kept only when the bot
/// answers it today and it is short enough for a chip. Worked out once per knowledge snapshot.
/// </summary>
public sealed class SchoolExamples(AnswerService answers, ChatMenu menu)
{
    public const int PerSchool = 3;

    /// <summary>Longer questions do not fit a chip on a phone.</summary>
    private const int MaxChipLength = 16;

    private const string GraduationQuestion = "毕业离校手续";

    private readonly ConditionalWeakTable<KnowledgeSnapshot, Dictionary<string, IReadOnlyList<string>>> _bySnapshot = new();

    public IReadOnlyList<string> For(KnowledgeSnapshot snapshot, string school)
    {
        var schools = _bySnapshot.GetValue(snapshot, _ => []);
        lock (schools)
        {
            if (schools.TryGetValue(school, out var cached)) return cached;
            var examples = snapshot.School(school) is { } knowledge ? Choose(knowledge) : [];
            schools[school] = examples;
            return examples;
        }
    }

    private List<string> Choose(SchoolKnowledge school)
    {
        var menuNames = menu.Clicks(school.Profile.Id).Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        var examples = new List<string>(PerSchool);
        foreach (var guide in Candidates(school))
        {
            if (guide.Questions.Count == 0) continue;
            var question = guide.Questions[0].Trim();
            // A menu item's name would be taken as its click, not as a question.
            if (question.Length is 0 or > MaxChipLength || menuNames.Contains(question) || examples.Contains(question)) continue;
            if (!answers.Ask(school.Profile.Id, question).Answered) continue;
            examples.Add(question);
            if (examples.Count == PerSchool) break;
        }
        return examples;
    }

    private static IEnumerable<Guide> Candidates(SchoolKnowledge school)
    {
        var seen = new HashSet<Guide>(ReferenceEqualityComparer.Instance);
        var offices = school.Profile.Clearance.Offices
            .OrderBy(o => o.Order)
            .Select(o => school.FindGuide(o.Guide))
            .OfType<Guide>();
        var graduation = school.Index.Search(school.Index.Analyzer.Analyze(GraduationQuestion), limit: 10).Select(h => h.Guide);
        foreach (var guide in offices.Concat(graduation).Concat(school.Guides))
        {
            if (seen.Add(guide)) yield return guide;
        }
    }
}
