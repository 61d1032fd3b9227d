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

    [Fact]
    public async Task PastItsCapTheStoreDropsTheLeastRecentlyUsedFirst()
    {
        var state = new InMemorySharedState(_time, maxEntries: 3);
        await state.SetAsync("a", "1", TimeSpan.FromMinutes(30));
        await state.IncrementAsync("b", TimeSpan.FromMinutes(30));
        await state.TryAddAsync("c", "1", TimeSpan.FromMinutes(30));
        Assert.Equal("1", await state.GetAsync("a"));

        await state.SetAsync("d", "1", TimeSpan.FromMinutes(30));
        Assert.Equal(2, await state.IncrementAsync("c", TimeSpan.FromMinutes(30)));
        await state.SetAsync("e", "1", TimeSpan.FromMinutes(30));

        Assert.Equal(3, state.Count);
        Assert.Equal(2, state.Evicted);
        Assert.Null(await state.GetAsync("b"));
        Assert.Null(await state.GetAsync("a"));
        Assert.Equal("2", await state.GetAsync("c"));
        Assert.Equal("1", await state.GetAsync("d"));
        Assert.Equal("1", await state.GetAsync("e"));
    }

    [Fact]
    public async Task ExpiredEntriesMakeRoomBeforeLiveOnesAreEvicted()
    {
        var state = new InMemorySharedState(_time, maxEntries: 2);
        await state.SetAsync("old", "1", TimeSpan.FromSeconds(10));
        await state.SetAsync("live", "1", TimeSpan.FromMinutes(30));
        _time.Advance(TimeSpan.FromMinutes(1));

        await state.SetAsync("new", "1", TimeSpan.FromMinutes(30));

        Assert.Equal(0, state.Evicted);
        Assert.Equal("1", await state.GetAsync("live"));
        Assert.Equal("1", await state.GetAsync("new"));
    }

    [Fact]
    public async Task AHundredThousandIdsNeverGrowTheStorePastItsCap()
    {
        var state = new InMemorySharedState(_time, maxEntries: 1_000);
        for (var i = 0; i < 100_000; i++)
        {
            await state.IncrementAsync($"rate:{i}", TimeSpan.FromMinutes(2));
            Assert.True(state.Count <= 1_000);
        }
        Assert.Equal(99_000, state.Evicted);
    }

    protected override Task ElapseAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }
}
