namespace Clearance.Knowledge.Analysis;

/// <summary>
/// Shared vocabulary files in the knowledge-base root: <c>synonyms.txt</c> (groups of words meaning the same thing),
/// <c>dictionary.txt</c> (campus words jieba must keep whole), <c>stopwords.txt</c> (words that say nothing about
/// the topic), <c>homophones.txt</c> (characters an input method confuses), <c>english.txt</c> (English words students use),
/// <c>universities.txt</c> (other universities' short names). Schools edit them like the guides.
/// </summary>
public sealed class KnowledgeVocabulary
{
    public SynonymMap Synonyms { get; init; } = SynonymMap.Empty;
    public IReadOnlyList<string> Dictionary { get; init; } = [];
    public HashSet<string> StopWords { get; init; } = new(StringComparer.Ordinal);
    public Homophones Homophones { get; init; } = Homophones.Empty;

    /// <summary>English words and phrases as the Chinese words the guides use (<c>english.txt</c>).</summary>
    public EnglishVocabulary English { get; init; } = EnglishVocabulary.Empty;

    /// <summary>Other universities as students name them (<c>universities.txt</c>), for the domain gate.</summary>
    public IReadOnlyList<string> Universities { get; init; } = [];

    /// <summary>Words that name "the school" without naming a topic.</summary>
    public IReadOnlyList<string> GenericSchoolWords { get; init; } = ["我校", "本校", "学校", "咱们学校", "我们学校", "你们学校"];

    public static KnowledgeVocabulary Load(string root)
    {
        string Read(string name) => File.Exists(Path.Combine(root, name)) ? File.ReadAllText(Path.Combine(root, name)) : "";
        static IEnumerable<string> Lines(string text) =>
            text.Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0);
        return new KnowledgeVocabulary
        {
            Synonyms = SynonymMap.Parse(Read("synonyms.txt")),
            Dictionary = [.. Lines(Read("dictionary.txt")).SelectMany(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))],
            StopWords = new HashSet<string>(
                Lines(Read("stopwords.txt")).SelectMany(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).Select(ChineseSegmenter.Normalize),
                StringComparer.Ordinal),
            Homophones = Homophones.Parse(Read("homophones.txt")),
            English = EnglishVocabulary.Parse(Read("english.txt")),
            Universities = [.. Lines(Read("universities.txt")).SelectMany(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).Select(ChineseSegmenter.Normalize).Distinct(StringComparer.Ordinal)],
        };
    }
}
