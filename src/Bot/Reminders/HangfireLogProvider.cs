using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Clearance.Bot.Reminders;

/// <summary>
/// Hangfire keeps one log provider per process (a static), and AddHangfire points it at the host's logger factory. Where
/// several hosts share a process (the tests run many side by side) that static can outlive its host: a host starting
/// while another was being disposed asked the disposed factory for a logger and failed to start (seen in CI as
/// ObjectDisposedException 'LoggerFactory' from RecurringJobManager's constructor). A logger the disposed host can no
/// longer give is a silent one; a single-host process (production) never reaches that branch.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _host = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _host.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return SilentLog.Instance;
        }
    }

    private sealed class SilentLog : ILog
    {
        public static readonly SilentLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
