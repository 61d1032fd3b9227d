using Clearance.Knowledge.Analysis;
using Clearance.Knowledge.Guides;
using Clearance.Knowledge.Schools;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Clearance.Knowledge.Search;

/// <summary>
/// A school's guides in a Lucene index with BM25, one document per guide. Each logical field is indexed twice: as
/// jieba words and as character bigrams, so a question in other words or with a wrong character still finds its
/// guide. Title, keywords and question variants weigh more than the body.
/// </summary>
public sealed class GuideIndex : IDisposable
{
    private static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    internal static readonly (string Field, float Boost)[] Fields =
    [
        ("title", 3.0f),
        ("keywords", 2.5f),
        ("questions", 2.0f),
        ("office", 1.5f),
        ("body", 1.0f),
    ];

    /// <summary>Bigram matches count for less than whole words: they are the tolerance, not the signal.</summary>
    private const float BigramWeight = 0.45f;

    private readonly RAMDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly Guide[] _guides;
    private readonly string[] _documentText;
    private readonly Dictionary<GuideSection, string> _sectionText = new(ReferenceEqualityComparer.Instance);

    private GuideIndex(RAMDirectory directory, Guide[] guides, string[] documentText, QuestionAnalyzer analyzer)
    {
        _directory = directory;
        _guides = guides;
        _documentText = documentText;
        Analyzer = analyzer;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public QuestionAnalyzer Analyzer { get; }

    private HashSet<string> CampusWords { get; init; } = new(StringComparer.Ordinal);

    /// <summary>A campus name (虎溪, A区, 昌平…): it says where, not what.</summary>
    public bool IsCampusWord(string word) => CampusWords.Contains(word);

    public IReadOnlyList<Guide> Guides => _guides;

    public static GuideIndex Build(SchoolProfile profile, IReadOnlyList<Guide> guides, KnowledgeVocabulary vocabulary)
    {
        var segmenter = ChineseSegmenter.Shared;
        var campusWords = guides
            .SelectMany(g => g.Keywords.Concat(g.Office is null ? [] : [g.Office]).Append(g.Department ?? ""))
            .Concat(profile.Clearance.Offices.Select(o => o.Name))
            .Concat(vocabulary.Dictionary)
            .Where(w => w.Length >= 2)
            .ToList();
        segmenter.AddWords(campusWords);
        var fuzzy = new FuzzyVocabulary(campusWords.Concat(guides.Select(g => g.Title)).Concat(vocabulary.Synonyms.Groups.SelectMany(g => g)), vocabulary.Homophones);
        var names = profile.Aliases.Append(profile.Name).Concat(vocabulary.GenericSchoolWords);
        var corpus = new System.Text.StringBuilder();
        foreach (var guide in guides) corpus.Append(QuestionAnalyzer.Compact(string.Join('\n', LogicalFields(guide).Select(f => f.Text)))).Append('\n');
        var corpusText = corpus.ToString();
        var analyzer = new QuestionAnalyzer(segmenter, vocabulary.Synonyms, names, fuzzy, vocabulary.StopWords,
            run => corpusText.Contains(run, StringComparison.Ordinal), vocabulary.English);

        var directory = new RAMDirectory();
        var config = new IndexWriterConfig(Version, new WhitespaceAnalyzer(Version))
        {
            Similarity = new BM25Similarity(),
            OpenMode = OpenMode.CREATE,
        };
        var texts = new string[guides.Count];
        using (var writer = new IndexWriter(directory, config))
        {
            for (var i = 0; i < guides.Count; i++)
            {
                var guide = guides[i];
                var fields = LogicalFields(guide);
                var document = new Document { new StringField("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES) };
                foreach (var (name, text) in fields)
                {
                    var prepared = analyzer.PrepareDocument(text);
                    document.Add(new TextField(name + "_w", string.Join(' ', segmenter.Words(prepared)), Field.Store.NO));
                    document.Add(new TextField(name + "_g", string.Join(' ', ChineseSegmenter.Bigrams(prepared)), Field.Store.NO));
                }
                texts[i] = analyzer.PrepareDocument(string.Join('\n', fields.Select(f => f.Text)));
                writer.AddDocument(document);
            }
            writer.Commit();
        }
        var campuses = guides.SelectMany(g => g.Locations.Select(l => l.Campus).Append(g.Campus))
            .Where(c => !string.IsNullOrWhiteSpace(c))
            .Select(c => ChineseSegmenter.Normalize(c!))
            .SelectMany(c => new[] { c, c.Replace("校区", "", StringComparison.Ordinal) })
            .Where(c => c.Length >= 2)
            .ToHashSet(StringComparer.Ordinal);
        var index = new GuideIndex(directory, [.. guides], texts, analyzer) { CampusWords = campuses };
        foreach (var section in guides.SelectMany(g => g.Sections))
            index._sectionText[section] = analyzer.PrepareDocument(section.Heading + "\n" + section.Text);
        return index;
    }

    internal static (string Name, string Text)[] LogicalFields(Guide guide) =>
    [
        ("title", guide.Title),
        ("keywords", string.Join(' ', guide.Keywords)),
        ("questions", string.Join(' ', guide.Questions)),
        ("office", string.Join(' ', new[] { guide.Office, guide.Window, guide.Room, guide.Campus, guide.Where }.Where(s => s is not null))
            + " " + string.Join(' ', guide.Locations.Select(l => $"{l.Campus} {l.Where} {l.Hours}"))
            + " " + string.Join(' ', guide.Phone) + " " + guide.Hours),
        ("body", string.Join('\n', guide.Sections.Select(s => s.Heading + "\n" + s.Text))),
    ];

    /// <summary>
    /// At most this many clauses in one query. Lucene refuses more than 1024 (<see cref="BooleanQuery.MaxClauseCount"/>);
    /// an ordinary question needs a few dozen, and a 500-character one would need thousands.
    /// </summary>
    internal const int MaxClauses = 256;

    /// <summary>Guides ranked by BM25 over the question's words and bigrams, best first.</summary>
    public IReadOnlyList<GuideHit> Search(AnalyzedQuestion question, int limit = 5)
    {
        if (question.ContentWords.Count == 0 && question.Bigrams.Count == 0) return [];
        var query = new BooleanQuery(disableCoord: true);
        foreach (var clause in BoundedClauses(question))
            query.Add(new TermQuery(clause.Term) { Boost = clause.Boost }, Occur.SHOULD);
        if (query.Clauses.Count == 0) return [];
        var top = _searcher.Search(query, limit);
        var hits = new List<GuideHit>(top.ScoreDocs.Length);
        foreach (var scoreDoc in top.ScoreDocs)
        {
            var n = int.Parse(_searcher.Doc(scoreDoc.Doc).Get("n"), System.Globalization.CultureInfo.InvariantCulture);
            hits.Add(new GuideHit(_guides[n], scoreDoc.Score, n));
        }
        return hits;
    }

    /// <summary>
    /// The query's clauses, bounded. A term that no guide has in a field cannot score there, so it is left out; a
    /// repeated term becomes one clause with its boosts summed (BM25 is linear in the boost, so the score is the same
    /// as one clause per repetition). With coord off and BM25's query norm of 1, neither changes any score. Only a
    /// question with more than <see cref="MaxClauses"/> matching clauses is cut, keeping the most informative: the
    /// field boost times the term's IDF in that field.
    /// </summary>
    private List<(Term Term, float Boost)> BoundedClauses(AnalyzedQuestion question)
    {
        var boosts = new Dictionary<Term, float>();
        foreach (var (field, boost) in Fields)
        {
            Add(field + "_w", question.ContentWords, boost);
            Add(field + "_g", question.Bigrams, boost * BigramWeight);
        }
        var clauses = new List<(Term Term, float Boost, double Weight)>(boosts.Count);
        var documents = (double)_reader.MaxDoc;
        foreach (var (term, boost) in boosts)
        {
            var frequency = _reader.DocFreq(term);
            if (frequency == 0) continue;
            // BM25's IDF, as Lucene computes it.
            var idf = Math.Log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
            clauses.Add((term, boost, boost * idf));
        }
        if (clauses.Count > MaxClauses)
        {
            // Ties broken by the term, so the same question always keeps the same clauses.
            clauses.Sort((a, b) => b.Weight != a.Weight ? b.Weight.CompareTo(a.Weight) : a.Term.CompareTo(b.Term));
            clauses.RemoveRange(MaxClauses, clauses.Count - MaxClauses);
        }
        return clauses.ConvertAll(c => (c.Term, c.Boost));

        void Add(string field, IReadOnlyList<string> terms, float boost)
        {
            foreach (var text in terms)
            {
                var term = new Term(field, text);
                boosts[term] = boosts.GetValueOrDefault(term) + boost;
            }
        }
    }

    /// <summary>The guide's whole text, normalised and synonym-folded, for coverage checks.</summary>
    internal string DocumentText(int ordinal) => _documentText[ordinal];

    /// <summary>Whether any guide's prepared text holds <paramref name="text"/> (normalised as questions are).</summary>
    public bool Mentions(string text) => _documentText.Any(d => d.Contains(text, StringComparison.Ordinal));

    internal int OrdinalOf(Guide guide) => Array.IndexOf(_guides, guide);

    /// <summary>A section's heading and text prepared like a question, computed once at build time.</summary>
    internal string SectionText(GuideSection section) =>
        _sectionText.TryGetValue(section, out var text) ? text : Analyzer.PrepareDocument(section.Heading + "\n" + section.Text);

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}

public sealed record GuideHit(Guide Guide, float Score, int Ordinal);
