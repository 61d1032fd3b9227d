using System.Diagnostics;
using System.Globalization;
using Clearance.Knowledge;
using Clearance.Knowledge.Answers;
using Clearance.Knowledge.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearance.Benchmarks;

/// <summary>
/// Query latency percentiles, single-threaded, after warm-up: on the seed schools through the full AnswerService,
/// and on a 10,000-guide synthetic index (analysis + search + coverage rerank through the same index API).
/// </summary>
public static class KnowledgeLatency
{
    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var knowledge = new KnowledgeBase(Options.Create(new KnowledgeOptions { Root = KnowledgeCorpus.Root }), NullLogger<KnowledgeBase>.Instance);
        var answers = new AnswerService(knowledge) { CacheAnswers = false };
        var cachedAnswers = new AnswerService(knowledge);

        var build = Stopwatch.StartNew();
        knowledge.Reload();
        var seedsBuild = build.Elapsed;
        build.Restart();
        knowledge.Reload();
        var seedsRebuild = build.Elapsed;

        var schools = knowledge.Current.Schools.Keys.ToArray();
        if (args.Contains("--phases"))
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < 5; i++) knowledge.Reload();
            Console.WriteLine($"reload (CPU time): {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / 5:0} ms");
            foreach (var school in schools)
            {
                var schoolIndex = knowledge.Current.School(school)!.Index;
                double Cpu(Action a)
                {
                    a();
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    for (var i = 0; i < 200; i++) a();
                    return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / 200 / KnowledgeCorpus.Questions.Length;
                }
                var analyzed = KnowledgeCorpus.Questions.Select(q => schoolIndex.Analyzer.Analyze(q)).ToList();
                Console.WriteLine($"{school}: analyse {Cpu(() => { foreach (var q in KnowledgeCorpus.Questions) schoolIndex.Analyzer.Analyze(q); }):0.000} ms, search {Cpu(() => { foreach (var a in analyzed) schoolIndex.Search(a, 8); }):0.000} ms, ask {Cpu(() => { foreach (var q in KnowledgeCorpus.Questions) answers.Ask(school, q); }):0.000} ms per question");
            }
            return 0;
        }
        if (args.Contains("--per-question"))
        {
            foreach (var school in schools)
            {
                foreach (var q in KnowledgeCorpus.Questions)
                {
                    answers.Ask(school, q);
                    // CPU time, not wall time: on a shared 2-core machine the wall clock mostly measures the neighbours.
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    for (var i = 0; i < 50; i++) answers.Ask(school, q);
                    var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                    Console.WriteLine($"{school} {used.TotalMilliseconds / 50,8:0.000} ms  {q}");
                }
            }
            return 0;
        }
        var seedTimes = Measure(rounds, (i, q) => answers.Ask(schools[i % schools.Length], q));
        var cachedTimes = Measure(rounds, (i, q) => cachedAnswers.Ask(schools[i % schools.Length], q));

        var (profile, guides) = KnowledgeCorpus.Synthetic(10_000);
        build.Restart();
        using var index = KnowledgeCorpus.BuildIndex(profile, guides);
        var syntheticBuild = build.Elapsed;
        var syntheticTimes = Measure(rounds, (_, q) => index.Search(index.Analyzer.Analyze(q), 8));

        // The full answer path at 10,000 guides: files on disk, the real loader, uncached asks.
        var syntheticRoot = KnowledgeCorpus.WriteSyntheticKnowledgeBase(10_000);
        var large = new KnowledgeBase(Options.Create(new KnowledgeOptions { Root = syntheticRoot }), NullLogger<KnowledgeBase>.Instance);
        build.Restart();
        var largeSnapshot = large.Reload();
        var largeLoad = build.Elapsed;
        var largeAnswers = new AnswerService(large) { CacheAnswers = false };
        var largeTimes = Measure(rounds, (_, q) => largeAnswers.Ask("synthetic", q));
        foreach (var error in largeSnapshot.Errors.Take(2)) Console.WriteLine("  synthetic load error: " + error);
        Directory.Delete(syntheticRoot, recursive: true);
        var analyzeTimes = Measure(rounds, (_, q) => index.Analyzer.Analyze(q));

        Console.WriteLine($"index build, 5 seed schools ({knowledge.Current.Schools.Values.Sum(s => s.Guides.Count)} guides): first {seedsBuild.TotalMilliseconds:0} ms (includes jieba dictionary load), rebuild {seedsRebuild.TotalMilliseconds:0} ms");
        Console.WriteLine($"index build, 10,000 synthetic guides: {syntheticBuild.TotalMilliseconds:0} ms");
        Report("ask, seed schools (full answer)", seedTimes);
        Report("ask, seed schools, repeated (cache)", cachedTimes);
        Report("search, 10k synthetic guides", syntheticTimes);
        Console.WriteLine($"load + index 10,000 synthetic guide files: {largeLoad.TotalMilliseconds:0} ms, {largeSnapshot.Errors.Count} errors");
        Report("ask, 10k synthetic guides (full answer)", largeTimes);
        Report("analyse question only (baseline)", analyzeTimes);
        return 0;
    }

    private static List<double> Measure(int rounds, Action<int, string> query)
    {
        var questions = KnowledgeCorpus.Questions;
        for (var i = 0; i < questions.Length * 3; i++) query(i, questions[i % questions.Length]);
        var times = new List<double>(rounds * questions.Length);
        for (var r = 0; r < rounds; r++)
        {
            for (var i = 0; i < questions.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                query(r * questions.Length + i, questions[i]);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        times.Sort();
        return times;
    }

    private static void Report(string name, List<double> sorted)
    {
        double P(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-36} n={sorted.Count,6}  p50={P(0.50):0.000} ms  p90={P(0.90):0.000} ms  p99={P(0.99):0.000} ms  max={sorted[^1]:0.000} ms"));
    }
}
