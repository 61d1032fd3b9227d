using BenchmarkDotNet.Running;

// `status-p99`: percentiles of the status lookup, which BenchmarkDotNet's columns stop short of (P95).
if (args is ["status-p99", ..])
{
    await Clearance.Benchmarks.StatusLookupBenchmarks.PrintPercentilesAsync(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Clearance.Benchmarks.StatusLookupBenchmarks).Assembly).Run(args);
