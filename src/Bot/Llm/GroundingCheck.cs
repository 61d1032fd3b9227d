using System.Text.RegularExpressions;
using Clearance.Knowledge.Analysis;
using Clearance.Knowledge.Answers;

namespace Clearance.Bot.Llm;

/// <summary>The verdict on a model's text: the passage numbers it cites, or why it may not be sent.</summary>
public sealed record GroundingVerdict(IReadOnlyList<int> Cited, string? Rejection)
{
    public static GroundingVerdict Reject(string reason) => new([], reason);
}

/// <summary>What the question is about, for checking that the passages a reply cites are about it too.</summary>
/// <param name="Words">The question's topic words, synonyms folded (退还寝室钥匙 → 退宿).</param>
/// <param name="SectionText">A passage's heading and text prepared the same way, so the folded words can be found in it.</param>
public sealed record QuestionTopic(IReadOnlyList<string> Words, Func<Passage, string> SectionText);

/// <summary>
/// Cheap, deterministic checks that a model's text stays on the numbered passages it was given. They cannot prove an
/// answer right; they catch the failures that hurt a student most: no citation (the model answered from elsewhere
/// or said it does not know), a citation to nothing, a number (phone, room, fee) the guides never state, and text
/// about something else entirely, or drawn faithfully from a retrieved passage that is not about the question.
/// </summary>
public static partial class GroundingCheck
{
    /// <summary>
    /// Below this share of the text's two-character words found in the cited passages, the text is about something
    /// else. A faithful Chinese paraphrase keeps the guide's nouns (宿舍, 钥匙, 三号窗口) and lands far above it.
    /// </summary>
    public const double MinOverlap = 0.3;

    /// <summary>
    /// A reply that does not cite the best-ranked passage must cite passages holding at least this share of the
    /// question's topic words. Retrieval sends a few lower-ranked sections along for context; a text faithful to one
    /// of those alone (the phone list, for "what do I need") passes the overlap check but answers another question.
    /// </summary>
    public const double MinTopicCoverage = 0.5;

    /// <param name="functionResults">What functions the model called returned (the student's own status): numbers may come from there too.</param>
    /// <param name="topic">The question's topic; null skips the relevance check.</param>
    public static GroundingVerdict Judge(string text, IReadOnlyList<Passage> passages, string functionResults = "", QuestionTopic? topic = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return GroundingVerdict.Reject("empty");
        var cited = new List<int>();
        foreach (Match match in Citation().Matches(text))
        {
            foreach (var number in match.Groups[1].Value.Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(number, out var n) || n < 1 || n > passages.Count) return GroundingVerdict.Reject("citation out of range");
                if (!cited.Contains(n)) cited.Add(n);
            }
        }
        if (cited.Count == 0) return GroundingVerdict.Reject("uncited");

        var claims = Citation().Replace(text, " ");
        var evidence = string.Join('\n', passages.Select(Evidence)) + "\n" + functionResults;
        // Phones, rooms, fees and dates must come from the guides: an invented number sends a student to the wrong place.
        if (Digits().Matches(claims).Any(m => !evidence.Contains(m.Value, StringComparison.Ordinal)))
            return GroundingVerdict.Reject("number not in passages");

        var words = Bigrams(claims);
        if (words.Count == 0) return GroundingVerdict.Reject("no text");
        var citedEvidence = string.Join('\n', cited.Select(n => Evidence(passages[n - 1])));
        var overlap = words.Count(w => citedEvidence.Contains(w, StringComparison.Ordinal)) / (double)words.Count;
        if (overlap < MinOverlap) return GroundingVerdict.Reject("off-topic");
        if (topic is not null && !CitesBestRanked(cited, passages) && TopicCoverage(topic, cited.Select(n => passages[n - 1])) < MinTopicCoverage)
            return GroundingVerdict.Reject("cited passage not about the question");
        return new GroundingVerdict(cited, null);
    }

    /// <summary>Sections tied with the first share its rank: their order among themselves is only the guide's.</summary>
    private static bool CitesBestRanked(IReadOnlyList<int> cited, IReadOnlyList<Passage> passages) =>
        cited.Any(n => n == 1 || passages[n - 1].Score >= passages[0].Score);

    /// <summary>
    /// The share of the question's topic words found in the cited sections, each word weighed by how much it says
    /// (<see cref="WordWeights"/>: 离校 little, 助学贷款 much), as retrieval weighs them; 1 when the question has none.
    /// </summary>
    public static double TopicCoverage(QuestionTopic topic, IEnumerable<Passage> cited)
    {
        var words = topic.Words.Distinct(StringComparer.Ordinal).ToList();
        if (words.Count == 0) return 1;
        var text = string.Join('\n', cited.Select(topic.SectionText));
        var total = words.Sum(WordWeights.Of);
        return words.Where(w => text.Contains(w, StringComparison.Ordinal)).Sum(WordWeights.Of) / total;
    }

    /// <summary>What a passage lets the model say: its guide's title, office, places, phones and hours, and the section.</summary>
    private static string Evidence(Passage passage)
    {
        var guide = passage.Guide;
        return string.Join('\n', new[]
        {
            guide.Title, guide.Office, guide.Where, guide.Window, guide.Room, guide.Hours,
            string.Join(' ', guide.Phone),
            string.Join('\n', guide.Locations.Select(l => $"{l.Campus} {l.Where} {string.Join(' ', l.Phone)} {l.Hours}")),
            passage.Section.Heading, passage.Section.Text,
        }.Where(s => !string.IsNullOrEmpty(s)));
    }

    /// <summary>Distinct pairs of adjacent CJK characters: a tokenizer-free stand-in for Chinese words.</summary>
    private static HashSet<string> Bigrams(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (IsCjk(text[i]) && IsCjk(text[i + 1])) set.Add(text.Substring(i, 2));
        }
        return set;
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff';

    /// <summary>[1], [1,2], [1、3], and the full-width ［1］ some models write in Chinese text.</summary>
    [GeneratedRegex(@"[\[［]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]］]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"\d{3,}")]
    private static partial Regex Digits();
}
