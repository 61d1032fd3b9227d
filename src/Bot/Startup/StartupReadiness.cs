namespace Clearance.Bot.Startup;

/// <summary>
/// Whether the slow part of start-up (the knowledge base, the demo roster, the warm-up) is done. The host opens its
/// port before that work, so requests and turns that need it wait here instead of failing; <c>/healthz</c> reports
/// <c>Degraded</c> until it is done.
/// </summary>
public sealed class StartupReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _loading;
    private volatile string _step = "waiting to start";

    /// <summary>True once the host started loading and until it finished; false in a CLI run, which loads on demand.</summary>
    public bool IsLoading => _loading && !_ready.Task.IsCompleted;

    /// <summary>What the loading is doing now, for <c>/healthz</c>.</summary>
    public string Step => _step;

    /// <summary>
    /// Completes when loading is done, at once when nothing loads in the background (a CLI verb, whose host is never
    /// started, loads the knowledge base on first use instead).
    /// </summary>
    public Task WaitAsync(CancellationToken cancellationToken) =>
        _loading ? _ready.Task.WaitAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Set when loading failed; the host is stopping.</summary>
    public Exception? Failure => _ready.Task.Exception?.InnerException;

    internal void Begin() => _loading = true;

    internal void At(string step) => _step = step;

    internal void Ready() => _ready.TrySetResult();

    internal void Failed(Exception error) => _ready.TrySetException(error);
}

/// <summary>
/// Holds start-up loading until <see cref="Released"/> completes. Always released in the service; a test replaces it
/// to see the host while it loads.
/// </summary>
public sealed class StartupHold
{
    public Task Released { get; init; } = Task.CompletedTask;
}
