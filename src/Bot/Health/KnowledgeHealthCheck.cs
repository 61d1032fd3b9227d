using Clearance.Knowledge;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Clearance.Bot.Health;

/// <summary>Ready when every school loaded; degraded while loading and when some guide files had errors (the rest still answer).</summary>
public sealed class KnowledgeHealthCheck(KnowledgeBase knowledge) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Loading in the background after the port opened (Startup/StartupLoading): say so rather than wait for it.
        if (!knowledge.IsLoaded) return Task.FromResult(HealthCheckResult.Degraded("loading"));
        var snapshot = knowledge.Current;
        var data = new Dictionary<string, object>
        {
            ["schools"] = snapshot.Schools.ToDictionary(s => s.Key, s => (object)s.Value.Guides.Count),
            ["errors"] = snapshot.Errors.Select(e => e.ToString()).ToArray(),
            ["loadedAt"] = snapshot.LoadedAt,
        };
        var result = snapshot.Schools.Count == 0
            ? HealthCheckResult.Unhealthy("no school's knowledge base loaded", data: data)
            : snapshot.Errors.Count > 0
                ? HealthCheckResult.Degraded($"{snapshot.Errors.Count} guide files could not be loaded", data: data)
                : HealthCheckResult.Healthy($"{snapshot.Schools.Count} schools, {snapshot.Schools.Values.Sum(s => s.Guides.Count)} guides", data);
        return Task.FromResult(result);
    }
}
