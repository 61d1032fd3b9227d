using Clearance.Integrations.Redis;
using Clearance.Integrations.SharedState;
using Clearance.Integrations.Tests.Redis;
using StackExchange.Redis;

namespace Clearance.Integrations.Tests.SharedState;

/// <summary>The contract against a real redis-server, each test under its own key prefix; expiry is real time.</summary>
public sealed class RedisSharedStateTests(RedisFixture redis) : SharedStateContract, IRequiresRedis, IClassFixture<RedisFixture>
{
    private readonly string _prefix = TestRedis.UniquePrefix();

    protected override ISharedState State => new RedisSharedState(redis.Connection, _prefix);

    // Redis expires in milliseconds (PX); half a second leaves ample room for round trips on a busy machine.
    protected override TimeSpan Short => TimeSpan.FromMilliseconds(500);

    protected override Task ElapseAsync(TimeSpan duration) => Task.Delay(duration);

    [ServiceFact(Needs.Redis)]
    public async Task KeysCarryThePrefixAndAlwaysExpire()
    {
        await State.SetAsync("conv:a", "v", TimeSpan.FromMinutes(30));
        await State.IncrementAsync("rate:a", TimeSpan.FromMinutes(2));
        await State.TryLockAsync("lock:a", TimeSpan.FromSeconds(30));

        var db = await redis.Connection.GetDatabaseAsync();
        foreach (var key in new[] { "conv:a", "rate:a", "lock:a" })
        {
            var ttl = await db.KeyTimeToLiveAsync(_prefix + key);
            Assert.True(ttl > TimeSpan.Zero, $"{key} has no expiry");
        }
        Assert.Equal("v", (string?)await db.StringGetAsync(_prefix + "conv:a"));
    }

    [ServiceFact(Needs.Redis)]
    public async Task IncrementGivesACounterWrittenWithoutExpiryAnExpiry()
    {
        var db = await redis.Connection.GetDatabaseAsync();
        await db.StringSetAsync(_prefix + "rate:legacy", "5");

        Assert.Equal(6, await State.IncrementAsync("rate:legacy", TimeSpan.FromMinutes(1)));
        Assert.True(await db.KeyTimeToLiveAsync(_prefix + "rate:legacy") > TimeSpan.Zero);
    }

    [ServiceFact(Needs.Redis)]
    public async Task TwoStatesOnOneServerShareEverything()
    {
        await using var connection = TestRedis.Connect(TestServices.Redis);
        var other = new RedisSharedState(connection, _prefix);

        await State.SetAsync("conv:a", "from A", TimeSpan.FromMinutes(1));
        Assert.Equal("from A", await other.GetAsync("conv:a"));
        Assert.True(await State.TryAddAsync("dedupe:m", "x", TimeSpan.FromMinutes(1)));
        Assert.False(await other.TryAddAsync("dedupe:m", "x", TimeSpan.FromMinutes(1)));
    }
}
