using BenchmarkDotNet.Attributes;
using Clearance.Knowledge;
using Clearance.Knowledge.Answers;
using Clearance.Knowledge.Guides;
using Clearance.Knowledge.Schools;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearance.Benchmarks;

/// <summary>
/// Index build: the five seed schools and 10,000 synthetic guides. The baseline is parsing the files without indexing,
/// so the ratio shows what segmentation and Lucene add.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class IndexBuildBenchmarks
{
    private (SchoolProfile Profile, List<Guide> Guides) _synthetic;

    [GlobalSetup]
    public void Setup()
    {
        _synthetic = KnowledgeCorpus.Synthetic(10_000);
        _ = KnowledgeCorpus.LoadSeeds(); // jieba's dictionary loads once per process; not part of a build
    }

    [Benchmark(Baseline = true)]
    public int ParseSeedGuidesOnly()
    {
        var count = 0;
        foreach (var folder in Directory.GetDirectories(KnowledgeCorpus.Root))
        {
            foreach (var file in Directory.GetFiles(folder, "*.md"))
            {
                GuideParser.Parse(Path.GetFileName(folder), file, File.ReadAllText(file));
                count++;
            }
        }
        return count;
    }

    [Benchmark]
    public int LoadAndIndexSeeds() => KnowledgeCorpus.LoadSeeds().Schools.Count;

    [Benchmark]
    public int IndexTenThousandSyntheticGuides()
    {
        using var index = KnowledgeCorpus.BuildIndex(_synthetic.Profile, _synthetic.Guides);
        return index.Guides.Count;
    }
}

/// <summary>
/// Answering one question: the baseline is analysing the question alone (segmentation, synonyms, corrections);
/// Ask adds search, gate and composition.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class QueryBenchmarks
{
    private AnswerService _answers = null!;
    private KnowledgeBase _knowledge = null!;

    [Params("cqu", "buct")]
    public string School { get; set; } = "cqu";

    [GlobalSetup]
    public void Setup()
    {
        _knowledge = new KnowledgeBase(Options.Create(new KnowledgeOptions { Root = KnowledgeCorpus.Root }), NullLogger<KnowledgeBase>.Instance);
        _answers = new AnswerService(_knowledge) { CacheAnswers = false };
    }

    [Benchmark(Baseline = true)]
    public int AnalyzeOnly()
    {
        var analyzer = _knowledge.Current.School(School)!.Index.Analyzer;
        var total = 0;
        foreach (var q in KnowledgeCorpus.Questions) total += analyzer.Analyze(q).ContentWords.Count;
        return total;
    }

    [Benchmark]
    public int AskTwentyQuestions()
    {
        var total = 0;
        foreach (var q in KnowledgeCorpus.Questions) total += _answers.Ask(School, q).Text.Length;
        return total;
    }
}
