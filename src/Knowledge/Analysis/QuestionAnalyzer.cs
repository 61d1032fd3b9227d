using System.Text;
using System.Text.RegularExpressions;

namespace Clearance.Knowledge.Analysis;

/// <summary>A question taken apart: the words that name the topic, their bigrams, and the facets asked about.</summary>
public sealed record AnalyzedQuestion(
    string Normalized,
    IReadOnlyList<string> ContentWords,
    IReadOnlySet<string> CorrectionWords,
    IReadOnlyList<FuzzyCorrection> Corrections,
    IReadOnlyList<string> SingleCharacters,
    IReadOnlyList<string> TopicWords,
    IReadOnlyList<string> Bigrams,
    QuestionFacet Facets,
    bool LooksLikeFollowUp,
    bool AsksOnlyFacets)
{
    /// <summary>The question was written mostly in English (the reply says so in English on its first line).</summary>
    public bool IsEnglish { get; init; }
}

/// <summary>
/// Prepares questions and guide text the same way: normalise, drop the school's own name, fold synonyms, correct
/// one wrong character in a known campus word, then segment. Question words ("怎么", "在哪", "多少钱") are turned
/// into facets instead of search terms.
/// </summary>
public sealed partial class QuestionAnalyzer
{
    private static readonly (QuestionFacet Facet, Regex Pattern)[] FacetPatterns =
    [
        (QuestionFacet.Phone, PhonePattern()),
        (QuestionFacet.Where, WherePattern()),
        (QuestionFacet.Time, TimePattern()),
        (QuestionFacet.Fee, FeePattern()),
        (QuestionFacet.Materials, MaterialsPattern()),
        (QuestionFacet.Procedure, ProcedurePattern()),
        (QuestionFacet.Rule, RulePattern()),
    ];

    private readonly ChineseSegmenter _segmenter;
    private readonly SynonymMap _synonyms;
    private readonly string[] _schoolNames;
    private readonly FuzzyVocabulary _vocabulary;
    private readonly HashSet<string> _stopWords;

    private readonly EnglishVocabulary _english;

    public QuestionAnalyzer(ChineseSegmenter segmenter, SynonymMap synonyms, IEnumerable<string> schoolNames, FuzzyVocabulary vocabulary, HashSet<string> stopWords, Func<string, bool> isKnown,
        EnglishVocabulary? english = null)
    {
        _english = english ?? EnglishVocabulary.Empty;
        IsKnown = isKnown;
        _segmenter = segmenter;
        _synonyms = synonyms;
        _schoolNames = [.. schoolNames.Select(ChineseSegmenter.Normalize).Where(n => n.Length > 1).OrderByDescending(n => n.Length)];
        _vocabulary = vocabulary;
        _stopWords = stopWords;
    }

    public SynonymMap Synonyms => _synonyms;

    private Func<string, bool> IsKnown { get; }

    public AnalyzedQuestion Analyze(string question)
    {
        var compact = Compact(question);
        var isEnglish = EnglishVocabulary.IsEnglish(compact);
        // English is read as the campus words it stands for ("where is window 17" → 在哪 窗口 17) before anything else.
        var normalized = Compact(_english.Translate(compact, IsKnown));
        var facets = QuestionFacet.None;
        foreach (var (facet, pattern) in FacetPatterns)
        {
            if (pattern.IsMatch(normalized)) facets |= facet;
        }

        var topic = normalized;
        foreach (var name in _schoolNames) topic = topic.Replace(name, " ", StringComparison.Ordinal);
        // Synonyms are found before the fillers go: "卡里的钱", "借的书" and "丢了" hold 的 and 了.
        var extra = new List<string>(_synonyms.CanonicalsIn(topic));
        var namesAService = facets == QuestionFacet.None || NamesAService(topic);
        topic = FillerPattern().Replace(topic, " ");

        var corrections = _vocabulary.Corrections(topic, IsKnown).ToList();
        foreach (var canonical in _synonyms.CanonicalsIn(topic))
        {
            if (!extra.Contains(canonical)) extra.Add(canonical);
        }
        // A typo can join its neighbour into another group's word: "开始还数" (还书 mistyped) reads as 开始还 (还贷).
        // The corrected campus word wins over a synonym found only across the mistyped character.
        foreach (var canonical in SynonymsCrossingCorrections(topic, corrections)) extra.Remove(canonical);
        var correctionWords = corrections.Select(c => c.Word).ToList();
        correctionWords.AddRange(_synonyms.CanonicalsIn(string.Join(' ', correctionWords)));

        var words = new List<string>();
        var fromCorrections = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string word, bool corrected)
        {
            if (_stopWords.Contains(word) || !seen.Add(word)) return;
            words.Add(word);
            if (corrected) fromCorrections.Add(word);
        }
        // The segmenter settles a typo with its neighbour into a rarer real word ("一卡同里" → 同里, a place name) that
        // would outweigh everything else; a word that exists only across a corrected run is the typo's, not the topic's.
        var segments = _segmenter.Words(topic);
        var crossing = WordsCrossingCorrections(topic, segments, corrections);
        crossing.UnionWith(WordsInsideSynonyms(topic, segments));
        var topicSegments = segments.Where(w => !crossing.Contains(w)).ToList();
        foreach (var word in topicSegments.Concat(extra.SelectMany(e => _segmenter.Words(e).Append(e))))
        {
            if (word.Length >= 2 || char.IsDigit(word[0])) Add(word, false);
        }
        foreach (var word in correctionWords.SelectMany(e => _segmenter.Words(e).Append(e)))
        {
            if (word.Length >= 2) Add(word, true);
        }
        // Single characters that carry meaning (寄, 书, 卡, 钱…) count as topic words too, at a lower weight.
        var singles = topicSegments
            .Where(w => w.Length == 1 && IsMeaningfulCharacter(w))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var grams = ChineseSegmenter.Bigrams(topic + " " + string.Join(' ', extra.Concat(correctionWords)))
            .Where(g => g.Length == 2 && !_stopWords.Contains(g))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var topicWords = _segmenter.AccurateWords(topic)
            .Where(w => !crossing.Contains(w))
            .Concat(extra)
            .Where(w => (w.Length >= 2 || char.IsDigit(w[0])) && !_stopWords.Contains(w))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new AnalyzedQuestion(normalized, words, fromCorrections, corrections, singles, topicWords, grams, facets,
            FollowUpPattern().IsMatch(normalized), !namesAService) { IsEnglish = isEnglish };
    }

    /// <summary>
    /// Pieces the segmenter cut out of a synonym phrase ("找不到" → 不到) that are no campus word of their own: the
    /// phrase already stands in the topic as its group's word, and the piece would count it twice as a word no
    /// guide covers.
    /// </summary>
    private IEnumerable<string> WordsInsideSynonyms(string topic, List<string> segments)
    {
        var occurrences = _synonyms.Occurrences(topic).ToList();
        if (occurrences.Count == 0) yield break;
        foreach (var word in segments)
        {
            if (_synonyms.CanonicalsIn(word).Count > 0 || (word.Length >= 2 && IsKnown(word))) continue;
            if (EveryOccurrence(topic, word, at => occurrences.Any(o => o.Length > word.Length && o.Start <= at && at + word.Length <= o.Start + o.Length)))
                yield return word;
        }
    }

    /// <summary>
    /// Whether the corrected run, without the character the correction changes, is a word of its own ("毕业户" → 毕业证
    /// keeps 毕业): then the changed character more likely starts the next word (户口) than mistypes this one, and the
    /// next word stays.
    /// </summary>
    private bool RestIsAWord(FuzzyCorrection correction)
    {
        if (correction.Window.Length != correction.Word.Length) return false;
        var changed = -1;
        for (var k = 0; k < correction.Window.Length; k++)
        {
            if (correction.Window[k] != correction.Word[k]) changed = k;
        }
        if (changed != 0 && changed != correction.Window.Length - 1) return false;
        var rest = changed == 0 ? correction.Window[1..] : correction.Window[..^1];
        return rest.Length >= 2 && _segmenter.AccurateWords(rest) is [var only] && only == rest;
    }

    private HashSet<string> WordsCrossingCorrections(string topic, List<string> segments, List<FuzzyCorrection> corrections)
    {
        var crossing = new HashSet<string>(StringComparer.Ordinal);
        // Where each correction that may join a neighbour sits, found once rather than per word and occurrence.
        var windows = corrections
            .Where(c => !RestIsAWord(c))
            .Select(c => (Start: topic.IndexOf(c.Window, StringComparison.Ordinal), c.Window.Length))
            .Where(w => w.Start >= 0)
            .ToList();
        if (windows.Count == 0) return crossing;
        foreach (var word in segments)
        {
            if (word.Length < 2 || IsKnown(word)) continue;
            if (EveryOccurrence(topic, word, at => windows.Any(w =>
                {
                    var overlaps = at < w.Start + w.Length && w.Start < at + word.Length;
                    var inside = w.Start <= at && at + word.Length <= w.Start + w.Length;
                    return overlaps && !inside;
                })))
                crossing.Add(word);
        }
        return crossing;
    }

    /// <summary>Whether <paramref name="holds"/> is true at every position where <paramref name="word"/> occurs in <paramref name="text"/>.</summary>
    private static bool EveryOccurrence(string text, string word, Func<int, bool> holds)
    {
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            if (!holds(at)) return false;
        }
        return true;
    }

    private IEnumerable<string> SynonymsCrossingCorrections(string topic, List<FuzzyCorrection> corrections)
    {
        if (corrections.Count == 0) yield break;
        var occurrences = _synonyms.Occurrences(topic).ToList();
        foreach (var group in occurrences.GroupBy(o => o.Canonical))
        {
            var crossing = group.All(o => corrections.Any(c =>
            {
                var at = topic.IndexOf(c.Window, StringComparison.Ordinal);
                if (at < 0 || _synonyms.CanonicalOf(c.Word) == group.Key) return false;
                var overlaps = o.Start < at + c.Window.Length && at < o.Start + o.Length;
                var contains = o.Start <= at && at + c.Window.Length <= o.Start + o.Length;
                return overlaps && !contains;
            }));
            if (crossing) yield return group.Key;
        }
    }

    /// <summary>
    /// Whether anything is left of the question once what it asks (材料, 要带, 几点…) is taken out. "那要带什么材料?"
    /// names no service: every guide with a 材料 section covers it fully, so only the conversation can say which.
    /// </summary>
    private bool NamesAService(string topic)
    {
        // Facets first, then grammar: 带啥 is one facet, though 啥 alone is grammar.
        foreach (var (_, pattern) in FacetPatterns) topic = pattern.Replace(topic, " ");
        topic = FillerPattern().Replace(topic, " ");
        foreach (var word in _segmenter.Words(topic))
        {
            if (_stopWords.Contains(word)) continue;
            if (word.Length >= 2 || char.IsDigit(word[0]) || IsMeaningfulCharacter(word)) return true;
        }
        return false;
    }

    /// <summary>A word that asks what of a service (电话, 在哪, 时间), not which service.</summary>
    public static bool IsFacetWord(string word) => FacetPatterns.Any(f => f.Pattern.IsMatch(word));

    /// <summary>A lone CJK character that carries meaning (寄, 书, 卡), not grammar (的, 吗) or a stop word.</summary>
    private bool IsMeaningfulCharacter(string word) =>
        ChineseSegmenter.IsCjk(word[0]) && !FuzzyVocabulary.IsFunctionCharacter(word[0]) && !_stopWords.Contains(word);

    /// <summary>Guide text prepared for indexing: the same normalisation and synonym folding as questions.</summary>
    public string PrepareDocument(string text)
    {
        var normalized = Compact(text);
        var canonicals = _synonyms.CanonicalsIn(normalized);
        return canonicals.Count == 0 ? normalized : normalized + " " + string.Join(' ', canonicals);
    }

    /// <summary>NFKC, lower case, runs of white space squeezed (so "office hour" stays two ASCII words).</summary>
    public static string Compact(string text)
    {
        var normalized = ChineseSegmenter.Normalize(text);
        var sb = new StringBuilder(normalized.Length);
        var space = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space && sb.Length > 0) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>"手机号" asks a number; "手机上能办吗" asks whether it can be done on a phone.</summary>
    [GeneratedRegex("电话|号码|座机|联系方式|联系人|打哪个|打给|咨询电话|热线|手机(?!上|端|版|app|里|能|可以|办|扫|支付|登录)|怎么联系|找谁")]
    private static partial Regex PhonePattern();

    /// <summary>
    /// Words that ask where, shared by the facet reader and the fact lead. "在那办" at the end of a question is 在哪办
    /// typed with its homophone (said as a statement it would name the place); "到哪一步" asks how far, not where.
    /// </summary>
    internal const string WhereWords =
        @"在哪|哪里|哪儿|去哪|到哪(?!一步|步|个阶段|了)|地点|地址|位置|几号窗口|哪个窗口|什么窗口|哪个房间|几楼|哪个楼|哪栋|哪个办公室|(在|去)那(里|儿)?(办|交|领|拿|弄|补|打印|盖章|还)?[\p{P}\s]*$";

    [GeneratedRegex(WhereWords + "|在什么地方")]
    private static partial Regex WherePattern();

    [GeneratedRegex("几点|下班|关门|几天|多少天|时间|哪天|哪几天|什么时候|何时|几号|几月|日期|截止|期限|有效期|多久|开门|上班|周[一二三四五六日末]|到什么时候|到几时|office ?hour")]
    private static partial Regex TimePattern();

    [GeneratedRegex("多少钱|费用|收费|价格|几块|多少元|一年多少|交多少|赔多少|罚款|违约金|交钱|要钱|付钱|花钱|收钱|钱")]
    private static partial Regex FeePattern();

    [GeneratedRegex("材料|带什么|带哪些|带啥|要带|准备什么|交什么|交啥|交哪些|需要什么|要什么|哪些东西|什么表|啥表|证件|证明|复印件")]
    private static partial Regex MaterialsPattern();

    /// <summary>"怎么办" asks how; "怎么还没变", "咋一直不通过" ask why (a rule or a note), not for steps.</summary>
    [GeneratedRegex("怎么(?!还|没|一直|不)|如何|流程|步骤|手续|怎样|咋(?!还|没|一直|不)|办理|操作")]
    private static partial Regex ProcedurePattern();

    [GeneratedRegex("需要|要不要|还要|必须|能不能|可不可以|可以吗|是否|才能|意思|规定|条件|行不行|行不|行吗|可以不|为什么|为啥|怎么还|怎么没|怎么一直|怎么不|咋还|咋没|咋一直|咋不")]
    private static partial Regex RulePattern();

    /// <summary>Question words that say what is asked, not about what; removed before segmenting the topic.</summary>
    [GeneratedRegex("联系电话|咨询电话|电话号码|电话|号码|联系方式|地址|截止日期|截止时间|截止|最晚|最迟|office ?hours?|工作时间|办公时间|上班时间|开放时间|营业时间|找谁|找哪个|问谁|请问|你好|您好|我想问|想问一下|想知道|请告诉我|怎么办|怎么样|怎么弄|怎么|如何|怎样|咋办|咋|什么时候|什么|啥|哪里|哪儿|哪个|哪些|哪天|哪几天|多少钱|多少|几块钱|几块|几点|几号|多长时间|多久|几天|多少天|手机号码|手机号|座机|打不通|吗|呢|呀|吧|啊|嘛|了|的|得|地|是不是|能不能|可不可以|要不要|可以|需要|是否")]
    private static partial Regex FillerPattern();

    [GeneratedRegex("^(那|那么|那要|那我|还有|另外|这个|它|他们|然后|再问|顺便)|^(电话|地址|在哪|几点|多少钱|要带|带什么)")]
    private static partial Regex FollowUpPattern();
}
