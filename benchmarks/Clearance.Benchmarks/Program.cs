using BenchmarkDotNet.Running;
using Clearance.Benchmarks;

// Percentile commands first (BenchmarkDotNet's columns stop at P95); anything else goes to BenchmarkDotNet's switcher.
if (args is ["latency", .. var latencyArgs])
    return KnowledgeLatency.Run(latencyArgs);

if (args is ["status-p99", .. var statusArgs])
{
    await StatusLookupBenchmarks.PrintPercentilesAsync(Console.Out,
        warmup: LoadCommand.Option(statusArgs, "--warmup", 20_000), samples: LoadCommand.Option(statusArgs, "--samples", 20_000));
    return 0;
}

if (args is ["load", .. var loadArgs])
    return await WebhookLoad.RunAsync(loadArgs);

if (args is ["load-peer", .. var peerArgs])
    return await PeerLoad.RunAsync(peerArgs);

if (args is ["reminders", .. var reminderArgs])
    return await ReminderLoad.RunAsync(reminderArgs);

if (args is ["roster-import", .. var rosterArgs])
    return await RosterImportLoad.RunAsync(rosterArgs);

BenchmarkSwitcher.FromAssembly(typeof(KnowledgeLatency).Assembly).Run(args);
return 0;
