using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Clearance.Integrations.Redis;

/// <summary>
/// <c>/healthz</c> entry <c>redis</c>: Healthy with the ping latency; Degraded when slow; the registration's failure
/// status when unreachable. It is registered with Degraded as that status (see RedisRegistration): the instances
/// still answer without Redis, so an outage must not make a load balancer take every one of them out of service.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection connection) : IHealthCheck
{
    /// <summary>A local Redis answers in well under a millisecond; this much means the network or the server struggles.</summary>
    public static readonly TimeSpan SlowPing = TimeSpan.FromMilliseconds(250);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["endpoints"] = connection.Endpoints };
        var started = Stopwatch.GetTimestamp();
        try
        {
            var multiplexer = await connection.GetMultiplexerAsync().WaitAsync(cancellationToken);
            if (!multiplexer.IsConnected)
            {
                data["connected"] = false;
                return new HealthCheckResult(context.Registration.FailureStatus,
                    "Redis unreachable; shared state is per instance (degraded) until it is back", data: data);
            }
            var latency = await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            data["connected"] = true;
            data["latencyMs"] = Math.Round(latency.TotalMilliseconds, 2);
            return latency > SlowPing
                ? HealthCheckResult.Degraded($"Redis answers slowly ({latency.TotalMilliseconds:F0} ms)", data: data)
                : HealthCheckResult.Healthy("Redis connected", data);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            data["connected"] = false;
            data["latencyMs"] = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis unreachable: " + e.GetType().Name, data: data);
        }
    }
}
