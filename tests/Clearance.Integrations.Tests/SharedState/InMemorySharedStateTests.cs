using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Time.Testing;

namespace Clearance.Integrations.Tests.SharedState;

public sealed class InMemorySharedStateTests : SharedStateContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 20, 9, 0, 0, TimeSpan.FromHours(8)));

    public InMemorySharedStateTests() => State = new InMemorySharedState(_time);

    protected override ISharedState State { get; }

    protected override TimeSpan Short => TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ExpiredEntriesAreSweptWithinSecondsWhateverTheWriteCount()
    {
        var state = new InMemorySharedState(_time);
        for (var i = 0; i < 1_000; i++) await state.TryAddAsync($"dedupe:{i}", "1", TimeSpan.FromSeconds(30));
        var live = await state.TryAddAsync("nonce:live", "1", TimeSpan.FromMinutes(10));

        // A few writes after the entries expired and the sweep interval passed are enough; no count of writes is needed.
        _time.Advance(TimeSpan.FromMinutes(1));
        await state.SetAsync("conversation:a", "x", TimeSpan.FromMinutes(30));

        Assert.True(live);
        Assert.Equal(2, state.Count);
        Assert.Equal("1", await state.GetAsync("nonce:live"));
        Assert.Null(await state.GetAsync("dedupe:1"));
    }

    protected override Task ElapseAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }
}
