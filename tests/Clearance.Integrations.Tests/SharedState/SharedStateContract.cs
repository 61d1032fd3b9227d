using Clearance.Integrations.SharedState;

namespace Clearance.Integrations.Tests.SharedState;

/// <summary>
/// What every <see cref="ISharedState"/> must do, run against each implementation. Time is the one difference: the
/// in-memory store follows a fake clock, Redis expires keys by its own, so each implementation says how to let time
/// pass (<see cref="ElapseAsync"/>) and how short a time-to-live it can honour (<see cref="Short"/>).
/// </summary>
public abstract class SharedStateContract
{
    protected abstract ISharedState State { get; }

    /// <summary>A time-to-live the store honours precisely enough that waiting twice as long sees it expire.</summary>
    protected abstract TimeSpan Short { get; }

    /// <summary>Lets time pass as the store sees it: a fake clock moves, a real server is waited for.</summary>
    protected abstract Task ElapseAsync(TimeSpan duration);

    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [ContractFact]
    public async Task GetReturnsWhatWasSetAndNullForAMissingKey()
    {
        await State.SetAsync("conv:a", "{\"turn\":1}", Long);

        Assert.Equal("{\"turn\":1}", await State.GetAsync("conv:a"));
        Assert.Null(await State.GetAsync("conv:missing"));
    }

    [ContractFact]
    public async Task SetReplacesTheValueAndItsTimeToLive()
    {
        await State.SetAsync("k", "first", Short);
        await State.SetAsync("k", "second", Long);
        await ElapseAsync(Short * 2);

        Assert.Equal("second", await State.GetAsync("k"));
    }

    [ContractFact]
    public async Task ValueLivesUntilItsTimeToLiveThenExpires()
    {
        // Checked well inside its lifetime (a quarter), then well past it: a real server's clock keeps running while
        // a loaded CI machine is slow to come back from the wait (seen: a 1 s key read back after 0.5 s was gone).
        await State.SetAsync("k", "v", Short * 4);
        await ElapseAsync(Short);
        Assert.Equal("v", await State.GetAsync("k"));

        await ElapseAsync(Short * 4);
        Assert.Null(await State.GetAsync("k"));
    }

    [ContractFact]
    public async Task TryAddSetsOnlyWhenTheKeyIsAbsent()
    {
        Assert.True(await State.TryAddAsync("dedupe:1", "pending", Long));
        Assert.False(await State.TryAddAsync("dedupe:1", "other", Long));

        Assert.Equal("pending", await State.GetAsync("dedupe:1"));
    }

    [ContractFact]
    public async Task TryAddSucceedsAgainOnceTheKeyExpired()
    {
        Assert.True(await State.TryAddAsync("dedupe:1", "first", Short));
        await ElapseAsync(Short * 2);

        Assert.True(await State.TryAddAsync("dedupe:1", "second", Long));
        Assert.Equal("second", await State.GetAsync("dedupe:1"));
    }

    [ContractFact]
    public async Task TryAddSucceedsForExactlyOneOfAHundredConcurrentCallers()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(i => Task.Run(() => State.TryAddAsync("dedupe:race", i.ToString(), Long))));

        Assert.Single(results, added => added);
    }

    [ContractFact]
    public async Task IncrementCountsFromOne()
    {
        Assert.Equal(1, await State.IncrementAsync("rate:u", Long));
        Assert.Equal(2, await State.IncrementAsync("rate:u", Long));
        Assert.Equal(1, await State.IncrementAsync("rate:other", Long));
    }

    [ContractFact]
    public async Task HundredConcurrentIncrementsEachGetTheirOwnCount()
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() => State.IncrementAsync("rate:race", Long))));

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), counts.Order());
    }

    [ContractFact]
    public async Task IncrementWindowStartsAtTheFirstIncrementAndIsNotExtendedByLaterOnes()
    {
        // A window of 4 × Short: the second increment comes a quarter in (room for a slow machine), the third half a
        // Short after the first window ended but well before a window restarted by the second would end.
        Assert.Equal(1, await State.IncrementAsync("attempts:u", Short * 4));
        await ElapseAsync(Short);
        Assert.Equal(2, await State.IncrementAsync("attempts:u", Short * 4));

        await ElapseAsync(Short * 3.5);
        Assert.Equal(1, await State.IncrementAsync("attempts:u", Short * 4));
    }

    [ContractFact]
    public async Task DeleteRemovesTheKeyAndSaysWhetherItExisted()
    {
        await State.SetAsync("conv:a", "v", Long);

        Assert.True(await State.DeleteAsync("conv:a"));
        Assert.Null(await State.GetAsync("conv:a"));
        Assert.False(await State.DeleteAsync("conv:a"));
    }

    [ContractFact]
    public async Task LockIsExclusiveUntilReleased()
    {
        var held = await State.TryLockAsync("lock:token", Long);
        Assert.NotNull(held);
        Assert.Null(await State.TryLockAsync("lock:token", Long));

        await held.DisposeAsync();
        var again = await State.TryLockAsync("lock:token", Long);
        Assert.NotNull(again);
        await again.DisposeAsync();
    }

    [ContractFact]
    public async Task OneOfAHundredConcurrentCallersGetsTheLock()
    {
        var locks = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() => State.TryLockAsync("lock:race", Long))));

        Assert.Single(locks, l => l is not null);
    }

    [ContractFact]
    public async Task LockExpiresByItself()
    {
        Assert.NotNull(await State.TryLockAsync("lock:crashed", Short));
        await ElapseAsync(Short * 2);

        Assert.NotNull(await State.TryLockAsync("lock:crashed", Long));
    }

    [ContractFact]
    public async Task ReleasingAnExpiredLockLeavesTheNextHoldersLockInPlace()
    {
        var slow = await State.TryLockAsync("lock:token", Short);
        Assert.NotNull(slow);
        await ElapseAsync(Short * 2);
        var next = await State.TryLockAsync("lock:token", Long);
        Assert.NotNull(next);

        await slow.DisposeAsync();

        Assert.Null(await State.TryLockAsync("lock:token", Long));
        await next.DisposeAsync();
        Assert.NotNull(await State.TryLockAsync("lock:token", Long));
    }
}
