using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Dialogs;
using Clearance.Knowledge;

namespace Clearance.Bot.Startup;

/// <summary>
/// Once the host has started (its port open): migrates the records and loads the knowledge base (guides, jieba's dictionary,
/// the indexes) side by side, then seeds the demo roster and warms the answers up side by side. <c>/healthz</c>
/// answers (Degraded) meanwhile and turns that arrive wait for <see cref="StartupReadiness"/>. A failure stops the host
/// with exit code 1, as it did when this work held the start (a broken database still stops it early).
/// </summary>
public sealed partial class StartupLoading(
    StartupReadiness readiness,
    StartupHold hold,
    KnowledgeBase knowledge,
    Clearance.Integrations.Records.RecordsSchema records,
    DemoData demo,
    KnowledgeWarmup warmup,
    IHostApplicationLifetime lifetime,
    ILogger<StartupLoading> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server starts (hosted services start first), so no request slips past the wait.
        readiness.Begin();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var started = 0L;
        try
        {
            // Not beside the rest of the start: on two cores the loading took half the CPU the host needed to open its
            // port (15 s to the first 200 on a loaded machine, against 2.7 s for a bare app).
            await WhenStartedAsync(stoppingToken);
            await hold.Released.WaitAsync(stoppingToken);
            started = System.Diagnostics.Stopwatch.GetTimestamp();
            readiness.At("migrating the records and loading the knowledge base");
            var migrated = records.EnsureMigratedAsync(stoppingToken);
            _ = knowledge.Current;
            await migrated;
            readiness.At("seeding the demo roster and warming up");
            // Two cores: the roster's inserts wait on SQLite while the warm-up computes.
            await Task.WhenAll(demo.SeedAsync(stoppingToken), Task.Run(warmup.Run, stoppingToken));
            readiness.At("returning the loading's garbage to the system");
            ReturnLoadingGarbage();
            readiness.Ready();
            LogReady(logger, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            readiness.Failed(new OperationCanceledException("the host stopped while loading", stoppingToken));
        }
        catch (Exception e)
        {
            LogFailed(logger, e, readiness.Step);
            readiness.Failed(e);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private async Task WhenStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Loading allocates several times what it keeps (jieba's dictionary and IDF table are read line by line into
    /// strings, the indexes are built through Lucene's buffers), and Server GC with DATAS off, the service's setting
    /// for the answers' p99, keeps the memory of that garbage committed: 400 MB resident after start for about 60 MB
    /// alive (docs/benchmarks.md, "Start-up and memory"). One aggressive collection, before any turn is let through,
    /// compacts the heap and decommits the rest; afterwards the heap grows only as traffic needs.
    /// </summary>
    private static void ReturnLoadingGarbage() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ready: knowledge base loaded, demo roster checked and answers warmed up in {ElapsedMs:0} ms after the port opened")]
    private static partial void LogReady(ILogger logger, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Start-up failed while {Step}; stopping")]
    private static partial void LogFailed(ILogger logger, Exception error, string step);
}
