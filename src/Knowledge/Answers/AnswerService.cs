using System.Text;
using Clearance.Knowledge.Analysis;
using Clearance.Knowledge.Guides;
using Clearance.Knowledge.Search;

namespace Clearance.Knowledge.Answers;

/// <summary>
/// Answers a question from a school's guides: find the guide, judge whether it really covers the question, pick the
/// part of it that answers what was asked, and add where to go and the source — all in one WeChat text message.
/// </summary>
public sealed partial class AnswerService(KnowledgeBase knowledge, TimeProvider? clock = null)
{
    /// <summary>
    /// In June the same questions arrive thousands of times; an answer depends only on the loaded snapshot, the school,
    /// the text and the previous guide, and is immutable, so it is kept (bounded) until the next reload.
    /// </summary>
    private readonly AnswerCache _cache = new(capacity: 20_000);

    /// <summary>A WeChat text message holds at most 2048 UTF-8 bytes.</summary>
    public const int MaxReplyBytes = MessageText.MaxBytes;

    public AnswerGate Gate { get; init; } = AnswerGate.Default;

    /// <summary>
    /// The learned judge of candidates (<see cref="GuideRanker"/>); null leaves the choice and the gate to the hand
    /// rules alone.
    /// </summary>
    public GuideRanker? Ranker { get; init; }

    /// <summary>Said when a question asks what to bring and the guide names no materials.</summary>
    public const string NoMaterialsListed = "这项手续的指南没有列出需要携带的材料，以下是办理说明：";

    /// <summary>Off only where every ask must do the work (latency benchmarks).</summary>
    public bool CacheAnswers { get; init; } = true;

    /// <param name="previousGuideId">The guide the user's previous answer came from, so follow-ups stay on topic.</param>
    /// <param name="previousQuestion">The question that answer was for: a campus it named still holds ("电话多少" after "我在虎溪").</param>
    public Answer Ask(string school, string question, string? previousGuideId = null, string? previousQuestion = null)
    {
        var snapshot = knowledge.Current;
        if (previousGuideId is null) previousQuestion = null;
        var key = new AnswerCache.Key(snapshot, school, question, previousGuideId, previousQuestion);
        if (CacheAnswers && _cache.TryGet(key, out var cached)) return cached;
        var answer = AskUncached(school, question, previousGuideId, previousQuestion);
        if (CacheAnswers) _cache.Add(key, answer);
        return answer;
    }

    private Answer AskUncached(string school, string question, string? previousGuideId, string? previousQuestion)
    {
        var scope = Scope(school, question);
        if (scope != QuestionScope.Guides) return Declined(knowledge.Current.School(school)!, scope, question);
        var (schoolKnowledge, index, analyzed, topic, hits, asking) = Retrieve(school, question);
        var previous = schoolKnowledge.FindGuide(previousGuideId);

        var best = hits.Count > 0 ? hits[0] : null;
        var bestCoverage = best is null ? 0 : Coverage(index, best.Ordinal, topic, analyzed);
        var margin = best is null ? 0 : RunnerUpMargin(hits);

        if (previous is not null)
        {
            var previousOrdinal = index.OrdinalOf(previous);
            var previousCoverage = Coverage(index, previousOrdinal, topic, analyzed);
            var previousScore = hits.FirstOrDefault(h => h.Ordinal == previousOrdinal)?.Score ?? 0;
            // A follow-up ("那要带什么材料?", "电话多少?") stays with the previous guide unless the question names
            // another topic that the previous guide covers clearly less well.
            // It never stays with a guide that covers little of the question: an unrelated question after an
            // answer must not get the old answer again.
            var bestScore = best?.Score ?? 0;
            // "虎溪那边在哪办" after the 校友服务卡 answer names a campus, not a service: still the same service.
            // "我在虎溪校区" alone narrows the answer to that campus, too.
            // "虎溪的在哪 电话多少" names a campus and asks facets of the same service.
            var onlyCampus = topic.Keys.Any(index.IsCampusWord) && topic.Keys.All(w => index.IsCampusWord(w) || QuestionAnalyzer.IsFacetWord(w));
            var staysOnTopic = topic.Count == 0
                || analyzed.AsksOnlyFacets
                || onlyCampus
                || (previousCoverage >= 0.34
                    && (previousCoverage > bestCoverage + 0.05
                        || (previousCoverage >= bestCoverage && previousScore >= bestScore * 0.6)
                        || (analyzed.LooksLikeFollowUp && previousCoverage >= bestCoverage - 0.2)));
            if (staysOnTopic)
            {
                var passages = RankSections(index, previous, analyzed, topic);
                return Compose(schoolKnowledge, previous, passages, analyzed, asking.Fact, topic, bestScore, margin, previousQuestion);
            }
        }

        if (best is not null && topic.Count > 0 && !analyzed.AsksOnlyFacets && !Gate.Passes(bestCoverage, best.Score, margin)
            && NearlyTiedFullCover(index, hits, topic, analyzed) is { } covering)
        {
            // Two offices' guides score alike, but one of them covers nearly every word of the question ("办完手续去哪领
            // 毕业证": the overview says it whole, the diploma guide half): that one answers it, the doubt was the other's.
            best = covering;
            bestCoverage = Coverage(index, best.Ordinal, topic, analyzed);
            margin = 1.0;
        }
        if (Ranker is not null && best is not null && topic.Count > 0 && !analyzed.AsksOnlyFacets)
        {
            // The learned judge replaces the hand gate and the hand order: the candidate it rates highest answers, if
            // it rates it high enough; the hand rules below still pick a named window or a neighbour stating the fact.
            var judged = Candidates(index, hits, topic, analyzed, asking)
                .Select((c, i) => (Hit: hits[i], Score: Ranker.Score(c.Features)))
                .OrderByDescending(c => c.Score).ToList();
            if (judged[0].Score < Ranker.Threshold || !CanAnswerFacets(judged[0].Hit.Guide, analyzed))
                return Unanswered(schoolKnowledge, hits, best.Score, margin);
            hits = [.. judged.Select(c => c.Hit)];
            best = hits[0];
            bestCoverage = Coverage(index, best.Ordinal, topic, analyzed);
        }
        else if (best is null || topic.Count == 0 || analyzed.AsksOnlyFacets || !Gate.Passes(bestCoverage, best.Score, margin, asking.TellsAStory) || !CanAnswerFacets(best.Guide, analyzed))
            return Unanswered(schoolKnowledge, hits, best?.Score ?? 0, margin);

        best = WindowNamed(index, schoolKnowledge.Guides, hits, best, topic, analyzed)
            ?? ServiceBehindItsWindow(index, hits, best, bestCoverage, topic, analyzed)
            ?? StatingNeighbour(index, hits, best, bestCoverage, topic, analyzed, asking.Fact) ?? best;
        var ranked = RankSections(index, best.Guide, analyzed, topic);
        return Compose(schoolKnowledge, best.Guide, ranked, analyzed, asking.Fact, topic, best.Score, margin,
            alternatives: OtherWaysOfTheService(index, hits, best, topic, analyzed, asking.Fact));
    }

    /// <summary>
    /// "书丢了怎么办" asked of a service that offers several ways (pay for the book, or replace it with the same
    /// edition), each in its own guide that covers the question as fully and scores alike: the answer gives the best
    /// one and names the others, so the student learns there is a choice.
    /// </summary>
    private static List<Guide> OtherWaysOfTheService(GuideIndex index, List<GuideHit> hits, GuideHit best, Dictionary<string, double> topic, AnalyzedQuestion question, FactAsked asked)
    {
        if (question.LooksLikeFollowUp || asked != FactAsked.None) return [];
        if ((question.Facets & ~QuestionFacet.Procedure) != 0 || Coverage(index, best.Ordinal, topic, question) < 0.99) return [];
        return [.. hits.Where(h => h.Guide != best.Guide).Take(3)
            .Where(h => SameServicePoint(h.Guide, best.Guide) && !IsWindowDirectory(h.Guide) && h.Score >= best.Score * 0.75
                && Coverage(index, h.Ordinal, topic, question) >= 0.99)
            .Select(h => h.Guide).Take(2)];
    }

    /// <summary>
    /// The candidates the ranker judges for a question asked without context, each with its features and the answer
    /// composed from it (what training labels); empty when the question never reaches the choice (declined by the
    /// domain gate, no topic word, or only facets asked).
    /// </summary>
    public IReadOnlyList<CandidateAnswer> Candidates(string school, string question)
    {
        if (Scope(school, question) != QuestionScope.Guides) return [];
        var (schoolKnowledge, index, analyzed, topic, hits, asking) = Retrieve(school, question);
        if (hits.Count == 0 || topic.Count == 0 || analyzed.AsksOnlyFacets) return [];
        var margin = RunnerUpMargin(hits);
        return [.. Candidates(index, hits, topic, analyzed, asking).Select((c, i) => new CandidateAnswer(c,
            Compose(schoolKnowledge, c.Guide, RankSections(index, c.Guide, analyzed, topic), analyzed, asking.Fact, topic, hits[i].Score, margin)))];
    }

    private List<RankedCandidate> Candidates(GuideIndex index, List<GuideHit> hits, Dictionary<string, double> topic, AnalyzedQuestion question, Asking asking)
    {
        var coverages = hits.Select(h => Coverage(index, h.Ordinal, topic, question)).ToArray();
        var bestCoverage = coverages.Max();
        var margin = RunnerUpMargin(hits);
        var asked = asking.Fact;
        var story = asking.TellsAStory;
        var totalWeight = topic.Values.Sum();
        var facetCount = System.Numerics.BitOperations.PopCount((uint)question.Facets);
        var list = new List<RankedCandidate>(hits.Count);
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            var guide = hit.Guide;
            var others = coverages.Where((_, j) => j != i).DefaultIfEmpty(0).Max();
            var bm25 = hit.Score / (0.25 + coverages[i]);
            var title = guide.Title;
            var questions = string.Join('\n', guide.Questions);
            var text = index.DocumentText(hit.Ordinal);
            var heaviestMissing = topic.Where(t => !text.Contains(t.Key, StringComparison.Ordinal)).Select(t => t.Value).DefaultIfEmpty(0).Max();
            float[] f =
            [
                i,
                (float)(hit.Score / hits[0].Score),
                (float)Math.Log(1 + hit.Score),
                (float)Math.Log(1 + bm25),
                (float)coverages[i],
                (float)(coverages[i] - others),
                (float)bestCoverage,
                (float)margin,
                (float)ShareIn(title, topic, totalWeight),
                (float)ShareIn(questions, topic, totalWeight),
                (float)(totalWeight == 0 ? 0 : heaviestMissing / totalWeight),
                (float)totalWeight,
                topic.Count,
                story ? 1 : 0,
                (float)asked,
                !FactLead.IsStatedFact(asked) || FactLead.Answers(guide, asked, index.Analyzer) ? 1 : 0,
                CanAnswerFacets(guide, question) ? 1 : 0,
                IsWindowDirectory(guide) ? 1 : 0,
                i > 0 && SameServicePoint(guide, hits[0].Guide) ? 1 : 0,
                question.Normalized.Length,
                question.IsEnglish ? 1 : 0,
                question.Corrections.Count,
                facetCount,
                Gate.Passes(coverages[i], hit.Score, margin, story) ? 1 : 0,
                hits.Count,
            ];
            list.Add(new RankedCandidate(guide, f));
        }
        return list;
    }

    private static double ShareIn(string text, Dictionary<string, double> topic, double totalWeight) =>
        totalWeight == 0 ? 0 : topic.Where(t => text.Contains(t.Key, StringComparison.Ordinal)).Sum(t => t.Value) / totalWeight;

    /// <summary>The domain gate's verdict on a question to <paramref name="school"/>.</summary>
    public QuestionScope Scope(string school, string question)
    {
        var snapshot = knowledge.Current;
        var schoolKnowledge = snapshot.School(school) ?? throw new ArgumentException($"unknown school '{school}'", nameof(school));
        return DomainGate.Classify(question, schoolKnowledge.Names, snapshot.OtherSchoolNames(school), schoolKnowledge.Index.Mentions);
    }

    private sealed record Retrieval(SchoolKnowledge School, GuideIndex Index, AnalyzedQuestion Question, Dictionary<string, double> Topic, List<GuideHit> Hits, Asking Asking);

    /// <summary>
    /// How the question asks, read once from its text: the one fact it asks (if any), and the clauses that ask when a
    /// long message tells a story first (null otherwise).
    /// </summary>
    private sealed record Asking(FactAsked Fact, string? Clauses)
    {
        public bool TellsAStory => Clauses is not null;
    }

    private Retrieval Retrieve(string school, string question)
    {
        var schoolKnowledge = knowledge.Current.School(school)
            ?? throw new ArgumentException($"unknown school '{school}'", nameof(school));
        var index = schoolKnowledge.Index;
        var analyzed = index.Analyzer.Analyze(question);
        var asking = new Asking(FactLead.Classify(analyzed.Normalized), AskingClauses(analyzed.Normalized));
        var topic = TopicWords(index, analyzed, asking.Clauses);
        return new Retrieval(schoolKnowledge, index, analyzed, topic, Rerank(index, index.Search(analyzed, 8), topic, analyzed), asking);
    }

    /// <summary>Why a question is answered the way it is: topic words and the ranked guides with score and coverage.</summary>
    public string Explain(string school, string question)
    {
        var (_, index, analyzed, topic, hits, _) = Retrieve(school, question);
        var sb = new StringBuilder();
        sb.Append("facets: ").Append(analyzed.Facets).Append("; follow-up: ").Append(analyzed.LooksLikeFollowUp).Append('\n');
        sb.Append("topic: ").Append(string.Join(" ", topic.Select(t => $"{t.Key}({t.Value:0.0})"))).Append('\n');
        sb.Append("bigrams: ").Append(string.Join(" ", analyzed.Bigrams)).Append('\n');
        foreach (var hit in hits)
            sb.Append($"{hit.Score,7:0.00} cov={Coverage(index, hit.Ordinal, topic, analyzed):0.00} {hit.Guide.Id}\n");
        if (hits.Count > 0) sb.Append($"margin={RunnerUpMargin(hits):0.00}\n");
        return sb.ToString();
    }

    /// <summary>
    /// BM25 rewards repeated words; a guide that covers more of what was asked should win over one that says a
    /// little of it often. The top hits are re-ordered by score × coverage.
    /// </summary>
    private static List<GuideHit> Rerank(GuideIndex index, IReadOnlyList<GuideHit> hits, Dictionary<string, double> topic, AnalyzedQuestion question) =>
        [.. hits.Select(h => h with { Score = (float)(h.Score * (0.25 + Coverage(index, h.Ordinal, topic, question))) })
            .OrderByDescending(h => h.Score)];

    /// <summary>
    /// How far the best guide stands above the best guide of another service point. Two guides of the same
    /// window or office (the library's EMS return and its contacts) do not make the answer less certain: the
    /// student is sent to the right place either way, while two offices close together would be a guess.
    /// </summary>
    private static double RunnerUpMargin(IReadOnlyList<GuideHit> hits)
    {
        var best = hits[0];
        var other = hits.Skip(1).FirstOrDefault(h => !SameServicePoint(h.Guide, best.Guide));
        return other is null ? 1.0 : (best.Score - other.Score) / best.Score;
    }

    private static bool SameServicePoint(Guide a, Guide b) =>
        (a.Window is not null && a.Window == b.Window) || (a.Office is not null && a.Office == b.Office);

    /// <summary>
    /// The question's topic words with their weights, synonyms folded to one word each. Campus names weigh little
    /// (they say where, not what); single characters weigh half; words only a typo correction produced are left out
    /// (they stand in for the mistyped word, see <see cref="Coverage"/>).
    /// </summary>
    private static Dictionary<string, double> TopicWords(GuideIndex index, AnalyzedQuestion question, string? asking)
    {
        var words = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var word in question.TopicWords)
        {
            var canonical = index.Analyzer.Synonyms.CanonicalOf(word);
            var weight = WordWeights.Of(word) * (index.IsCampusWord(word) ? 0.3 : 1.0);
            // A long message tells a story before it asks ("我昨天去自助机…结果一直提示办不了…要去哪弄"): the words of
            // the clauses that ask weigh fully, the story's words less — a guide need not cover the student's day.
            // A story word no guide of the school uses at all (实习, 外地) is the student's day, not a service: it weighs
            // next to nothing, where a story word a guide does use may still say which service.
            if (asking is not null && !asking.Contains(word, StringComparison.Ordinal)) weight *= index.Mentions(word) ? 0.4 : 0.1;
            // An English word english.txt does not know and no guide uses ("browser works") says little about
            // which guide is meant; weighed as a rare word it would sink every answer to an English question.
            if (word.All(char.IsAscii) && word.Any(char.IsAsciiLetter) && !index.Mentions(word)) weight = 1.0;
            words[canonical] = Math.Max(words.GetValueOrDefault(canonical), weight);
        }
        foreach (var single in question.SingleCharacters)
            words.TryAdd(single, Math.Min(WordWeights.Of(single), 8.0) * 0.5);
        return words;
    }

    /// <summary>
    /// The clauses of a long message (three or more, 25 characters or more) that ask something, joined; null for a
    /// short question or one whose every clause asks (or none does: then nothing tells story from question).
    /// </summary>
    private static string? AskingClauses(string normalized)
    {
        if (normalized.Length < 25) return null;
        var clauses = ClauseSplit().Split(normalized).Where(c => c.Length > 0).ToList();
        if (clauses.Count < 3) return null;
        var asking = clauses.Where(c => AskingWords().IsMatch(c)).ToList();
        return asking.Count == 0 || asking.Count == clauses.Count ? null : string.Join(' ', asking);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[\s,，。.!！?？;；、~]+")]
    private static partial System.Text.RegularExpressions.Regex ClauseSplit();

    [System.Text.RegularExpressions.GeneratedRegex(@"吗|呢|么|怎|咋|哪|什么|啥|几|多少|多久|能不能|要不要|是不是|可不可以|有没有|用不用|需不需要|会不会|还是|如何|请问|想问|谁")]
    private static partial System.Text.RegularExpressions.Regex AskingWords();

    private static double Coverage(GuideIndex index, int ordinal, Dictionary<string, double> topic, AnalyzedQuestion question)
    {
        if (topic.Count == 0 || ordinal < 0) return 0;
        var text = index.DocumentText(ordinal);
        double covered = 0, total = 0;
        foreach (var (word, weight) in topic)
        {
            total += weight;
            if (text.Contains(word, StringComparison.Ordinal)
                || question.Corrections.Any(c => c.Window.Contains(word, StringComparison.Ordinal) && text.Contains(c.Word, StringComparison.Ordinal)))
                covered += weight;
        }
        return total == 0 ? 0 : covered / total;
    }

    /// <summary>A hit close to the best (within 15 % of its score) that covers at least 85 % of the question.</summary>
    private GuideHit? NearlyTiedFullCover(GuideIndex index, List<GuideHit> hits, Dictionary<string, double> topic, AnalyzedQuestion question) =>
        hits.Take(3).Where(h => h.Score >= hits[0].Score * 0.85 && h.Score >= Gate.MinScore)
            .FirstOrDefault(h => Coverage(index, h.Ordinal, topic, question) >= 0.85 && CanAnswerFacets(h.Guide, question));

    /// <summary>
    /// "12号窗口几点有人", "window 12 …": a window named by its number is that window's guide, when the words alone
    /// found a neighbour (the hall's windows share most of their words).
    /// </summary>
    private static GuideHit? WindowNamed(GuideIndex index, IEnumerable<Guide> guides, List<GuideHit> hits, GuideHit best, Dictionary<string, double> topic, AnalyzedQuestion question)
    {
        var match = WindowNumber().Match(question.Normalized);
        if (!match.Success) return null;
        var number = match.Groups["a"].Success ? match.Groups["a"].Value : match.Groups["b"].Value;
        bool Names(Guide g) => g.Window is { } w && FactLead.ContainsNumber(w, number);
        if (Names(best.Guide)) return null;
        // Not among the hits (the number weighs little against the other words): the guide of that window that
        // covers most of the question, at the best hit's score — the student named it.
        return hits.FirstOrDefault(h => Names(h.Guide))
            ?? guides.Where(Names).Select(g => new GuideHit(g, best.Score, index.OrdinalOf(g)))
                .OrderByDescending(h => Coverage(index, h.Ordinal, topic, question)).FirstOrDefault();
    }

    /// <summary>
    /// A window's own guide ("3号窗口——助学贷款服务岗") lists every service done there, so it covers a question about any
    /// one of them and BM25 favours its breadth. Asked how or whether (not where, which window, or when it is open), the
    /// service's own guide close behind it answers instead: it has the steps and the rule.
    /// </summary>
    private static GuideHit? ServiceBehindItsWindow(GuideIndex index, List<GuideHit> hits, GuideHit best, double bestCoverage, Dictionary<string, double> topic, AnalyzedQuestion question)
    {
        if (!IsWindowDirectory(best.Guide) || question.Normalized.Contains("窗口", StringComparison.Ordinal)) return null;
        const QuestionFacet howOrWhether = QuestionFacet.Procedure | QuestionFacet.Rule | QuestionFacet.Materials | QuestionFacet.Fee;
        if (question.Facets != QuestionFacet.None && (question.Facets & howOrWhether) == 0) return null;
        if ((question.Facets & (QuestionFacet.Where | QuestionFacet.Phone)) != 0) return null;
        return hits.Skip(1).Take(4)
            .Where(h => !IsWindowDirectory(h.Guide) && SameServicePoint(h.Guide, best.Guide) && h.Score >= best.Score * 0.8
                && Coverage(index, h.Ordinal, topic, question) >= bestCoverage - 0.001)
            .FirstOrDefault();
    }

    private static bool IsWindowDirectory(Guide guide) =>
        guide.Window is { Length: > 0 } window && guide.Title.StartsWith(window, StringComparison.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!\d)(?<a>\d{1,2})\s*号?\s*窗口|窗口\s*(?<b>\d{1,2})(?!\d)")]
    private static partial System.Text.RegularExpressions.Regex WindowNumber();

    /// <summary>
    /// One fact asked ("提交了以后多久办完", "还书 deadline") that the best guide does not state, while a guide close
    /// behind it that covers the question as fully does: that guide answers. Two guides of one service often split
    /// their facts (the library's contacts and its return rules), and "指南没有写" is wrong when the neighbour says it.
    /// </summary>
    private static GuideHit? StatingNeighbour(GuideIndex index, List<GuideHit> hits, GuideHit best, double bestCoverage, Dictionary<string, double> topic, AnalyzedQuestion question, FactAsked asked)
    {
        // The next hits that score close to the best and cover the question as fully.
        var close = hits.Skip(1).Take(3).Where(h => h.Score >= best.Score * 0.3 && Coverage(index, h.Ordinal, topic, question) >= bestCoverage - 0.001);
        // "备注那栏写什么": the detail's word must be in the guide that answers it.
        if (asked == FactAsked.Detail && FactLead.DetailFocus(question.Normalized, topic.Keys, "") is { } focus
            && !index.DocumentText(best.Ordinal).Contains(focus, StringComparison.Ordinal))
            return close.FirstOrDefault(h => index.DocumentText(h.Ordinal).Contains(focus, StringComparison.Ordinal));
        if (!FactLead.IsStatedFact(asked) || FactLead.Answers(best.Guide, asked, index.Analyzer)) return null;
        return close.FirstOrDefault(h => CanAnswerFacets(h.Guide, question) && FactLead.Answers(h.Guide, asked, index.Analyzer));
    }

    /// <summary>A question asking for a phone number is only answered by a guide that has one.</summary>
    private static bool CanAnswerFacets(Guide guide, AnalyzedQuestion question) =>
        (question.Facets & QuestionFacet.Phone) == 0
        || guide.Phone.Count > 0
        || guide.Locations.Any(l => l.Phone.Count > 0)
        || guide.Sections.Any(s => PhoneNumber().IsMatch(s.Text));

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{7,}")]
    private static partial System.Text.RegularExpressions.Regex PhoneNumber();

    private static List<Passage> RankSections(GuideIndex index, Guide guide, AnalyzedQuestion question, Dictionary<string, double> topic)
    {
        // Topical relevance is scaled to the best section so that a section answering the asked facet (费用 for
        // "多少钱") can win over one that merely repeats the topic's words.
        var topical = new double[guide.Sections.Count];
        for (var i = 0; i < topical.Length; i++)
        {
            var section = guide.Sections[i];
            var text = index.SectionText(section);
            foreach (var (word, weight) in topic)
            {
                if (text.Contains(word, StringComparison.Ordinal)) topical[i] += weight;
            }
            topical[i] += question.Bigrams.Count(g => text.Contains(g, StringComparison.Ordinal)) * 0.5;
        }
        var max = topical.DefaultIfEmpty(0).Max();
        var ranked = new List<Passage>(topical.Length);
        for (var i = 0; i < topical.Length; i++)
        {
            var relevance = max > 0 ? topical[i] / max : 0;
            ranked.Add(new Passage(guide, guide.Sections[i], relevance + SectionFacets.Bonus(guide.Sections[i], question.Facets)));
        }
        // Stable: equally relevant sections keep the guide's own order.
        return [.. ranked.Select((p, i) => (p, i)).OrderByDescending(x => x.p.Score).ThenBy(x => x.i).Select(x => x.p)];
    }

    private Answer Compose(SchoolKnowledge school, Guide guide, List<Passage> passages, AnalyzedQuestion question, FactAsked asked, Dictionary<string, double> topic,
        double score, double margin, string? followsQuestion = null, IReadOnlyList<Guide>? alternatives = null)
    {
        var profile = school.Profile;
        var now = TimeZoneInfo.ConvertTime((clock ?? TimeProvider.System).GetUtcNow(), profile.ResolveTimeZone());
        var calendarYear = profile.Calendar.Select(c => c.SeedYear).Where(y => y > 0).DefaultIfEmpty().Max();
        var found = FactLead.Build(guide, question, asked, topic, school.Index.Analyzer, now.Year, calendarYear > 0 ? calendarYear : null, profile.Contact.Phone.FirstOrDefault(),
            followsQuestion is null ? null : QuestionAnalyzer.Compact(followsQuestion), school.Index.IsCampusWord);
        var lead = found?.Line;
        // The section the lead came from supports it: it comes first, whatever ranked first on the words alone.
        if (asked is not (FactAsked.None or FactAsked.Detail or FactAsked.Reason) && found?.Section is { } support && passages.FindIndex(p => p.Section == support) is > 0 and var at)
        {
            var moved = passages[at] with { Score = Math.Max(passages[at].Score, passages[0].Score) };
            passages = [moved, .. passages.Where((_, i) => i != at)];
        }
        // An English question gets its first line led in English; the guides' facts stay in Chinese.
        if (question.IsEnglish) lead = EnglishLead(asked) + (lead ?? "");
        var leadLine = lead is null ? "" : lead + "\n";

        var card = WhereToGoCard.Render(guide, question.Normalized);
        var source = $"来源：{guide.Title}（{guide.Id}）";
        var otherWays = alternatives is { Count: > 0 } ? "\n相关：" + string.Join("；", alternatives.Select(g => g.Title)) : "";
        var budget = MaxReplyBytes - Bytes(leadLine) - Bytes(card) - Bytes(source) - Bytes(otherWays) - Bytes($"【{guide.Title}】\n") - 8 - 120;

        var body = new StringBuilder();
        var chosen = new List<Passage>();
        // One fact asked: its line leads, and only the section that best supports it follows.
        var maxSections = lead is not null && asked is not (FactAsked.None or FactAsked.Detail) ? 2 : 3;
        if (passages.Count > 0)
        {
            var top = passages[0].Score;
            foreach (var passage in passages)
            {
                // The best section always; the next ones only while they are nearly as relevant and still fit.
                if (chosen.Count > 0 && (passage.Score < top * 0.6 || passage.Score <= 0 || chosen.Count >= maxSections)) break;
                var block = SectionText(passage.Section);
                if (chosen.Count > 0 && Bytes(body.ToString()) + Bytes(block) + 1 > budget) break;
                if (body.Length > 0) body.Append('\n');
                body.Append(block);
                chosen.Add(passage);
            }
        }
        // The card repeats nothing the chosen section or the lead already says (a 地点 section lists the same places).
        var shown = Squeeze(body.ToString() + leadLine);
        var cardLines = card.Split('\n').Where(line => !shown.Contains(Squeeze(line.TrimStart('·', ' ')), StringComparison.Ordinal)).ToList();
        // A "📍" line whose places the body already lists is redundant too.
        card = string.Join('\n', cardLines.Where(line => !(line.StartsWith("📍", StringComparison.Ordinal)
            && line[(line.IndexOf('：') + 1)..].Split('；').All(place => shown.Contains(Squeeze(place), StringComparison.Ordinal)))));
        // "那要带什么材料?" about a service whose guide lists none: say so rather than let its first section pass
        // for a list of materials (the lead says it when there is one).
        var noMaterials = lead is null && (question.Facets & QuestionFacet.Materials) != 0 && !SectionFacets.HasSectionFor(guide, QuestionFacet.Materials)
            ? NoMaterialsListed + "\n"
            : "";
        var fitted = MessageText.FitAtLine(body.ToString(), budget - Bytes(noMaterials));
        // Dates from an older notice are never shown as this year's: the lead marks its own, this line the rest.
        var dated = lead is not null && lead.Contains("今年以学校当年通知为准", StringComparison.Ordinal)
            ? ""
            : FactLead.DatedNote(fitted, guide.Confirmed, now.Year) is { Length: > 0 } note ? "\n注：" + note.Trim('（', '）') + "。" : "";
        var text = new StringBuilder()
            .Append(leadLine)
            .Append('【').Append(guide.Title).Append("】\n")
            .Append(noMaterials)
            .Append(fitted)
            .Append(card.Length > 0 ? "\n" + card : "")
            .Append(dated)
            .Append(otherWays)
            .Append('\n').Append(source)
            .ToString();
        return new Answer
        {
            Answered = true,
            Text = MessageText.FitAtLine(text, MaxReplyBytes),
            Guide = guide,
            Section = chosen.Count > 0 ? chosen[0].Section.Heading : null,
            Passages = passages,
            Score = score,
            Margin = margin,
        };
    }

    private static string EnglishLead(FactAsked asked) => asked switch
    {
        FactAsked.Phone => "Phone (answer in Chinese): ",
        FactAsked.Where => "Where to go (answer in Chinese): ",
        FactAsked.Hours => "Opening hours (answer in Chinese): ",
        FactAsked.Date => "Dates (answer in Chinese): ",
        FactAsked.Duration => "How long (answer in Chinese): ",
        FactAsked.Fee => "Fee (answer in Chinese): ",
        FactAsked.Materials => "What to bring (answer in Chinese): ",
        FactAsked.Office => "Office in charge (answer in Chinese): ",
        FactAsked.Verdict => "Short answer (in Chinese): ",
        _ => "Answer in Chinese, from the school's guide: ",
    };

    private static Answer Unanswered(SchoolKnowledge school, IReadOnlyList<GuideHit> hits, double score, double margin)
    {
        var contact = school.Profile.Contact;
        var text = new StringBuilder("抱歉，这个问题我在").Append(school.Profile.Name).Append("的办事指南里没有找到可靠的答案，不想乱猜。");
        if (contact.Office is not null || contact.Phone.Count > 0)
        {
            text.Append("\n建议咨询：").Append(contact.Office);
            if (contact.Phone.Count > 0) text.Append("，电话 ").Append(string.Join("、", contact.Phone));
            if (contact.Where is not null) text.Append("\n地点：").Append(contact.Where);
            if (contact.Hours is not null) text.Append("\n时间：").Append(contact.Hours);
        }
        text.Append("\n也可以换个说法再问我，比如“退宿去哪里办”“图书馆电话多少”。");
        return new Answer
        {
            Answered = false,
            Text = MessageText.FitAtLine(text.ToString(), MaxReplyBytes),
            Passages = [.. hits.Select(h => new Passage(h.Guide, h.Guide.Sections.FirstOrDefault() ?? new GuideSection("", ""), h.Score))],
            Score = score,
            Margin = margin,
        };
    }

    /// <summary>
    /// A message the guides are not for: a greeting gets what the bot can do, another school's question gets whom to
    /// ask here, anything else the menu — never the closest guide.
    /// </summary>
    private static Answer Declined(SchoolKnowledge school, QuestionScope scope, string question)
    {
        var name = school.Profile.Name;
        var text = new StringBuilder();
        switch (scope)
        {
            case QuestionScope.Smalltalk when DomainGate.IsThanksOrBye(question):
                text.Append("不客气！离校手续还有问题随时问我，比如“").Append(ExampleQuestions(school).FirstOrDefault() ?? "离校要办哪些手续").Append("”。");
                break;
            case QuestionScope.Smalltalk:
                text.Append("你好！我是").Append(name).Append("离校手续小助手。").Append('\n').Append(WhatICanDo(school));
                break;
            case QuestionScope.OtherSchool:
                text.Append("我只能回答").Append(name).Append("的离校问题，其他学校的手续请以该校的通知为准。");
                AppendContact(text, school, name + "离校咨询：");
                break;
            default:
                text.Append("这个我帮不上忙：我只回答").Append(name).Append("离校手续方面的问题。").Append('\n').Append(WhatICanDo(school));
                AppendContact(text, school, "离校咨询：");
                break;
        }
        return new Answer { Answered = false, Text = MessageText.FitAtLine(text.ToString(), MaxReplyBytes), Scope = scope };
    }

    private static string WhatICanDo(SchoolKnowledge school)
    {
        var examples = ExampleQuestions(school).Take(2).Select(q => $"“{q}”").ToList();
        return "我可以：\n· 回答离校办事问题：在哪办、电话、时间、材料、费用、流程" + (examples.Count > 0 ? "，比如" + string.Join("、", examples) : "") +
            "\n· 查离校进度：发送“绑定”，绑定后发送“我的离校进度”\n· 提醒还款、校园卡到期、离校时间：发送“提醒设置”";
    }

    /// <summary>Questions this school's guides answer, for examples: the guides its clearance offices point to first.</summary>
    public static IReadOnlyList<string> ExampleQuestions(SchoolKnowledge school) =>
        [.. school.Profile.Clearance.Offices.OrderBy(o => o.Order)
            .Select(o => school.FindGuide(o.Guide))
            .Concat(school.Guides)
            .OfType<Guide>()
            .Distinct()
            .Select(g => g.Questions.FirstOrDefault())
            .OfType<string>()
            .Take(4)];

    private static void AppendContact(StringBuilder text, SchoolKnowledge school, string label)
    {
        var contact = school.Profile.Contact;
        if (contact.Office is null && contact.Phone.Count == 0) return;
        text.Append('\n').Append(label).Append(contact.Office);
        if (contact.Phone.Count > 0) text.Append("，电话 ").Append(string.Join("、", contact.Phone));
    }

    private static string SectionText(GuideSection section) =>
        (section.Heading.Length > 0 ? section.Heading + "：\n" : "") + MarkdownText.Plain(section.Text);

    private static string Squeeze(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c))]);

    private static int Bytes(string text) => MessageText.Bytes(text);

}
