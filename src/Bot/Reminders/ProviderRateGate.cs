using Clearance.Integrations.SharedState;

namespace Clearance.Bot.Reminders;

/// <summary>
/// A per-provider send rate, counted in tenths of a second in the shared state: in-process in embedded mode, in Redis
/// (so across instances) when configured. Tenths spread the sends over the second instead of firing the whole
/// second's allowance at once, so a platform counting whole seconds on its own clock never sees more than the rate
/// plus a tenth; configure the rate a little under the platform's. A sender over the limit waits for the next tenth.
/// </summary>
public sealed class ProviderRateGate(ISharedState state, TimeProvider time)
{
    private const int SlotsPerSecond = 10;

    public async Task WaitAsync(string provider, int perSecond, CancellationToken cancellationToken)
    {
        var perSlot = Math.Max(1, perSecond / SlotsPerSecond);
        while (true)
        {
            var ms = time.GetUtcNow().ToUnixTimeMilliseconds();
            var slot = ms / (1000 / SlotsPerSecond);
            var count = await state.IncrementAsync($"reminder-rate:{provider}:{slot}", TimeSpan.FromSeconds(5), cancellationToken);
            if (count <= perSlot) return;
            await Task.Delay(TimeSpan.FromMilliseconds(1000 / SlotsPerSecond - ms % (1000 / SlotsPerSecond) + 1), time, cancellationToken);
        }
    }
}
