using Clearance.Integrations.Redis;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Reminders;

/// <summary>
/// Whether the sender that claimed a delivery is still alive. A <c>sending</c> row's age alone cannot tell an abandoned
/// claim (its process was killed) from one another instance is working on right now: <c>remind run</c> re-sends
/// abandoned rows at once, and started on two instances it re-sent each other's live claims, twice each (seen in CI).
/// A claim is live while its lease key exists in the shared state: held from before the claim is written until its
/// outcome is recorded, renewed while the batch sends, expiring by itself when the process dies (at once in embedded
/// mode, where the state dies with the process; after <see cref="ReminderOptions.ClaimLeaseSeconds"/> with Redis).
/// While Redis is unreachable the shared state answers from this instance's memory, which cannot see another
/// instance's lease, so an absent lease proves nothing then: no claim is taken over until Redis answers again.
/// </summary>
public sealed partial class ReminderClaimLeases(ISharedState state, IOptions<ReminderOptions> options, TimeProvider time, ILogger<ReminderClaimLeases> logger)
{
    private static string Key(string claimToken) => "reminder-claim:" + claimToken;

    private TimeSpan TimeToLive => TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds);

    /// <summary>Takes the lease of a new claim token; disposing it (after the outcome is recorded) releases it.</summary>
    public async Task<IAsyncDisposable> HoldAsync(string claimToken, CancellationToken cancellationToken)
    {
        await state.SetAsync(Key(claimToken), Environment.MachineName, TimeToLive, cancellationToken);
        return new Lease(state, Key(claimToken), TimeToLive, time, logger);
    }

    /// <summary>
    /// True while some sender still holds <paramref name="claimToken"/> — or might: with the shared state degraded,
    /// every claim counts as held. Its rows wait for Redis (the delivery table keeps them) rather than risk two
    /// instances both taking them over and sending twice.
    /// </summary>
    public async Task<bool> IsHeldAsync(string claimToken, CancellationToken cancellationToken)
    {
        if (await state.GetAsync(Key(claimToken), cancellationToken) is not null) return true;
        // Read after the lookup: the lookup itself may have found Redis gone (or back).
        if (state is not ResilientSharedState { IsDegraded: true }) return false;
        LogTakeoverRefused(logger, claimToken);
        return true;
    }

    private sealed class Lease : IAsyncDisposable
    {
        private readonly ISharedState _state;
        private readonly string _key;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public Lease(ISharedState state, string key, TimeSpan timeToLive, TimeProvider time, ILogger logger)
        {
            _state = state;
            _key = key;
            _logger = logger;
            _renewal = RenewAsync(timeToLive, time, _stop.Token);
        }

        private async Task RenewAsync(TimeSpan timeToLive, TimeProvider time, CancellationToken stop)
        {
            // A third of the lifetime: two renewals may be lost (a Redis blip) before another sender sees the claim as dead.
            using var timer = new PeriodicTimer(timeToLive / 3, time);
            try
            {
                while (await timer.WaitForNextTickAsync(stop))
                {
                    try
                    {
                        await _state.SetAsync(_key, Environment.MachineName, timeToLive, stop);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogRenewalFailed(_logger, e, _key);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Released.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewal;
            _stop.Dispose();
            try
            {
                await _state.DeleteAsync(_key, CancellationToken.None);
            }
            catch (Exception e)
            {
                // It expires by itself; the rows it covered are recorded by now, so nothing waits on it meanwhile.
                LogReleaseFailed(_logger, e, _key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shared state degraded (Redis unreachable): not taking over reminder claim {ClaimToken}; its deliveries wait until Redis is back")]
    private static partial void LogTakeoverRefused(ILogger logger, string claimToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the reminder claim lease {Key}")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the reminder claim lease {Key}")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string key);
}
