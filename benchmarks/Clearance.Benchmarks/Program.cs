using BenchmarkDotNet.Running;
using Clearance.Benchmarks;

// `latency` prints query-latency percentiles (BenchmarkDotNet reports means, not p99); anything else goes to
// BenchmarkDotNet's switcher.
if (args.Length > 0 && args[0] == "load")
    return await WebhookLoad.RunAsync(args.Skip(1).ToArray());
if (args.Length > 0 && args[0] == "latency")
    return KnowledgeLatency.Run(args.Skip(1).ToArray());

BenchmarkSwitcher.FromAssembly(typeof(KnowledgeLatency).Assembly).Run(args);
return 0;
