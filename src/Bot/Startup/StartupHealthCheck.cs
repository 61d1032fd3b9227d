using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Clearance.Bot.Startup;

/// <summary>
/// <c>Degraded</c> while the host loads in the background (HTTP 200, as every Degraded: the port is open and turns wait
/// for the load within their budget), <c>Unhealthy</c> (503) if loading failed, <c>Healthy</c> once done.
/// </summary>
public sealed class StartupHealthCheck(StartupReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            readiness.Failure is { } failure ? HealthCheckResult.Unhealthy($"start-up failed: {failure.Message}")
            : readiness.IsLoading ? HealthCheckResult.Degraded($"loading: {readiness.Step}")
            : HealthCheckResult.Healthy("loaded"));
}
