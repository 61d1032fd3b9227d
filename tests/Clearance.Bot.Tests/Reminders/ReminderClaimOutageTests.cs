using System.Net;
using System.Net.Sockets;
using Clearance.Bot.Reminders;
using Clearance.Integrations.Records;
using Clearance.Integrations.Redis;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Clearance.Bot.Tests.Reminders;

/// <summary>
/// While Redis is unreachable the claim leases live only in each instance's memory; a sender must then not take over
/// a claim it cannot see the lease of, or two instances could both take it over and send twice.
/// </summary>
public sealed class ReminderClaimOutageTests
{
    private static readonly DateTimeOffset WindowOpensMorning = new(2026, 6, 25, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AClaimWithNoVisibleLeaseCountsAsHeldUntilRedisAnswersAgain()
    {
        var time = new FakeTimeProvider(WindowOpensMorning);
        var redis = new SwitchableState(new InMemorySharedState(time)) { Down = true };
        var state = new ResilientSharedState(redis, time, NullLogger<ResilientSharedState>.Instance);
        var leases = new ReminderClaimLeases(state, Options.Create(new ReminderOptions()), time, NullLogger<ReminderClaimLeases>.Instance);

        Assert.True(await leases.IsHeldAsync("claim-of-another-instance", CancellationToken.None));
        Assert.True(state.IsDegraded);

        redis.Down = false;
        time.Advance(ResilientSharedState.RetryAfter);

        Assert.False(await leases.IsHeldAsync("claim-of-another-instance", CancellationToken.None));
        Assert.False(state.IsDegraded);
    }

    [Fact]
    public async Task InEmbeddedModeAnAbsentLeaseStillMeansAbandoned()
    {
        var time = new FakeTimeProvider(WindowOpensMorning);
        var leases = new ReminderClaimLeases(new InMemorySharedState(time), Options.Create(new ReminderOptions()), time, NullLogger<ReminderClaimLeases>.Instance);

        await using (await leases.HoldAsync("live", CancellationToken.None))
            Assert.True(await leases.IsHeldAsync("live", CancellationToken.None));
        Assert.False(await leases.IsHeldAsync("live", CancellationToken.None));
    }

    [Fact]
    public async Task WithRedisDownARunLeavesAnAbandonedClaimAloneInsteadOfResendingIt()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning, new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = $"127.0.0.1:{ClosedPort()},connectRetry=1,connectTimeout=500",
            ["Reminders:SendConcurrency"] = "1",
        });
        var ids = Enumerable.Range(1, 6).Select(i => $"S{i:D2}").ToArray();
        await host.AddStudentsAsync([.. ids.Select(id => new TestStudent(id))]);
        foreach (var id in ids) await host.SubscribeAsync(id);
        var runner = host.Services.GetRequiredService<ReminderRunner>();

        // A run claims all six, sends two and dies on the third; its lease went with it.
        host.Api.StallAfter = 2;
        using var crash = new CancellationTokenSource();
        var run = runner.RunDayAsync("cqu", new DateOnly(2026, 6, 25), crash.Token);
        await host.Api.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        host.Api.StallAfter = null;
        var requests = host.Api.Requests;

        var meanwhile = await runner.RunDayAsync("cqu", new DateOnly(2026, 6, 25), CancellationToken.None);

        // Embedded mode would take these over at once (see ReminderDeliveryContract); degraded, nothing is re-sent.
        Assert.Equal(0, meanwhile.Send.Claimed);
        Assert.Equal(requests, host.Api.Requests);
        Assert.All(await host.DeliveriesAsync(), d => Assert.Equal(DeliveryStatus.Sending, d.Status));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stands in for Redis: the in-memory state, or a lost connection while <see cref="Down"/>.</summary>
    private sealed class SwitchableState(ISharedState inner) : ISharedState
    {
        public bool Down { get; set; }

        private Task<T> Run<T>(Func<Task<T>> run) => Down
            ? Task.FromException<T>(new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "down", null, CommandStatus.Unknown))
            : run();

        public Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) => Run(() => inner.GetAsync(key, cancellationToken));

        public Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
            Run(async () => { await inner.SetAsync(key, value, timeToLive, cancellationToken); return true; });

        public Task<bool> TryAddAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
            Run(() => inner.TryAddAsync(key, value, timeToLive, cancellationToken));

        public Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default) =>
            Run(() => inner.IncrementAsync(key, window, cancellationToken));

        public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => Run(() => inner.DeleteAsync(key, cancellationToken));

        public Task<IAsyncDisposable?> TryLockAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
            Run(() => inner.TryLockAsync(key, timeToLive, cancellationToken));
    }
}
