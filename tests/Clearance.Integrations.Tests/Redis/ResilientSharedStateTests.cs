using System.Diagnostics;
using Clearance.Integrations.Redis;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Clearance.Integrations.Tests.Redis;

public sealed class ResilientSharedStateTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task WithRedisDownEveryOperationIsServedFromMemoryAfterOneAttempt()
    {
        await using var connection = TestRedis.Connect($"127.0.0.1:{TestRedis.FreePort()}", timeoutMilliseconds: 500);
        // The real Redis client against a closed port, counted: how long each attempt takes is the benchmark's business,
        // how many are made is this test's.
        var redis = new FlakyState(new RedisSharedState(connection, "t:"));
        var state = new ResilientSharedState(redis, TimeProvider.System, NullLogger<ResilientSharedState>.Instance);

        await state.SetAsync("conv:a", "ctx", Minute);
        Assert.Equal("ctx", await state.GetAsync("conv:a"));
        Assert.True(await state.TryAddAsync("dedupe:m", "pending", Minute));
        Assert.False(await state.TryAddAsync("dedupe:m", "pending", Minute));
        Assert.Equal(1, await state.IncrementAsync("rate:u", Minute));
        Assert.Equal(2, await state.IncrementAsync("rate:u", Minute));
        await using (var held = await state.TryLockAsync("lock:t", Minute))
        {
            Assert.NotNull(held);
            Assert.Null(await state.TryLockAsync("lock:t", Minute));
        }
        Assert.True(await state.DeleteAsync("conv:a"));

        Assert.True(state.IsDegraded);
        // One attempt at Redis; every later operation skips it while degraded.
        Assert.Equal(1, redis.Calls);
    }

    [Fact]
    public async Task AfterAFailureRedisIsLeftAloneUntilRetryAfterThenUsedAgain()
    {
        var time = new FakeTimeProvider();
        var redis = new FlakyState(new InMemorySharedState(time)) { Failure = new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "down", null, CommandStatus.Unknown) };
        var state = new ResilientSharedState(redis, time, NullLogger<ResilientSharedState>.Instance);

        Assert.Null(await state.GetAsync("k"));
        Assert.Equal(1, redis.Calls);
        await state.SetAsync("k", "local", Minute);
        Assert.Equal(1, redis.Calls);
        Assert.True(state.IsDegraded);

        redis.Failure = null;
        time.Advance(ResilientSharedState.RetryAfter);
        await state.SetAsync("k", "shared", Minute);

        Assert.Equal(2, redis.Calls);
        Assert.False(state.IsDegraded);
        Assert.Equal("shared", await state.GetAsync("k"));
    }

    [Fact]
    public async Task ATimeoutDegradesLikeALostConnection()
    {
        var time = new FakeTimeProvider();
        var redis = new FlakyState(new InMemorySharedState(time)) { Failure = new RedisTimeoutException(CommandFlags.None, "Timeout performing GET", CommandStatus.Sent) };
        var state = new ResilientSharedState(redis, time, NullLogger<ResilientSharedState>.Instance);

        Assert.True(await state.TryAddAsync("dedupe:m", "pending", Minute));
        Assert.True(state.IsDegraded);
    }

    [Fact]
    public async Task ABugInHowRedisIsCalledIsNotHiddenAsAnOutage()
    {
        var time = new FakeTimeProvider();
        var redis = new FlakyState(new InMemorySharedState(time))
        {
            Failure = new RedisServerException(RedisErrorKind.WrongType, CommandFlags.None, "WRONGTYPE Operation against a key holding the wrong kind of value"),
        };
        var state = new ResilientSharedState(redis, time, NullLogger<ResilientSharedState>.Instance);

        await Assert.ThrowsAsync<RedisServerException>(() => state.IncrementAsync("rate:u", Minute));
        Assert.False(state.IsDegraded);
    }

    [Fact]
    public async Task AFullRedisUnderNoevictionDegradesWritesInsteadOfFailingTheTurn()
    {
        var time = new FakeTimeProvider();
        var redis = new FlakyState(new InMemorySharedState(time))
        {
            Failure = new RedisServerException(RedisErrorKind.OutOfMemory, CommandFlags.None, "OOM command not allowed when used memory > 'maxmemory'."),
        };
        var state = new ResilientSharedState(redis, time, NullLogger<ResilientSharedState>.Instance);

        await state.SetAsync("conv:a", "ctx", Minute);

        Assert.Equal("ctx", await state.GetAsync("conv:a"));
        Assert.True(state.IsDegraded);
    }

    /// <summary>
    /// The whole life of an outage against real servers this test starts itself: no server yet (the host started
    /// anyway), server up (distributed again), server killed (degraded), server back (distributed again).
    /// </summary>
    [ServiceFact(Needs.Redis)]
    public async Task ReconnectsWhenRedisComesBackAfterAnOutage()
    {
        _ = TestServices.Redis;
        var port = TestRedis.FreePort();
        await using var connection = TestRedis.Connect($"127.0.0.1:{port}", timeoutMilliseconds: 500);
        var state = new ResilientSharedState(new RedisSharedState(connection, "t:"), TimeProvider.System, NullLogger<ResilientSharedState>.Instance);

        await state.SetAsync("k", "before", Minute);
        Assert.True(state.IsDegraded);

        using (var server = RedisServerProcess.Start(port))
        {
            await EventuallyAsync(async () =>
            {
                await state.SetAsync("k", "up", Minute);
                return !state.IsDegraded;
            });
            Assert.Equal("up", await (await connection.GetDatabaseAsync()).StringGetAsync("t:k"));
        }

        await EventuallyAsync(async () =>
        {
            await state.SetAsync("k", "down", Minute);
            return state.IsDegraded;
        });
        Assert.Equal("down", await state.GetAsync("k"));

        using (RedisServerProcess.Start(port))
        {
            await EventuallyAsync(async () =>
            {
                await state.SetAsync("k", "back", Minute);
                return !state.IsDegraded;
            });
            Assert.Equal("back", await (await connection.GetDatabaseAsync()).StringGetAsync("t:k"));
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "condition not reached within 30 s");
            await Task.Delay(250);
        }
    }

    /// <summary>An ISharedState that fails with a given exception until told otherwise, counting the calls it gets.</summary>
    private sealed class FlakyState(ISharedState inner) : ISharedState
    {
        public Exception? Failure { get; set; }
        public int Calls { get; private set; }

        private T Call<T>(Func<T> run)
        {
            Calls++;
            if (Failure is not null) throw Failure;
            return run();
        }

        public Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
            Call(() => inner.GetAsync(key, cancellationToken));
        public Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
            Call(() => inner.SetAsync(key, value, timeToLive, cancellationToken));
        public Task<bool> TryAddAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
            Call(() => inner.TryAddAsync(key, value, timeToLive, cancellationToken));
        public Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default) =>
            Call(() => inner.IncrementAsync(key, window, cancellationToken));
        public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
            Call(() => inner.DeleteAsync(key, cancellationToken));
        public Task<IAsyncDisposable?> TryLockAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
            Call(() => inner.TryLockAsync(key, timeToLive, cancellationToken));
    }
}
