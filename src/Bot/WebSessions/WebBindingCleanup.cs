using System.Data.Common;
using Clearance.Bot.Conversation;
using Clearance.Integrations.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.WebSessions;

/// <summary>
/// Web bindings outlive nothing: once their session has ended no request can reach them, so they are deleted — those
/// older than the absolute session limit, and the ones filed under a client's <c>userId</c> before sessions existed.
/// Hourly on every instance; deleting twice is harmless.
/// </summary>
public sealed partial class WebBindingCleanup(
    BindingStore bindings, TimeProvider time, IOptions<WebSessionOptions> options, ILogger<WebBindingCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Web bindings filed under the client's <c>userId</c> (<c>web:web:{userId}</c>), from before sessions.</summary>
    private static readonly string LegacyPrefix = $"{Channel.Web}:web:";

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var sessionPrefix = new Activity { Channel = Channel.Web, Account = "web", School = "-", UserId = "-", WebSessionKey = "" }.PersonalKey!;
        try
        {
            var expired = await bindings.DeleteBindingsAsync(sessionPrefix, time.GetUtcNow() - options.Value.Absolute, cancellationToken);
            var legacy = await bindings.DeleteBindingsAsync(LegacyPrefix, DateTimeOffset.MaxValue, cancellationToken);
            if (expired + legacy > 0) LogPurged(logger, expired + legacy);
            return expired + legacy;
        }
        catch (Exception e) when (e is DbException or DbUpdateException)
        {
            LogFailed(logger, e);
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await PurgeAsync(stoppingToken);
            using var timer = new PeriodicTimer(Interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken)) await PurgeAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} web binding(s) whose session has ended")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete ended web bindings; trying again in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
