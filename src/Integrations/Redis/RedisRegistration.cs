using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.Redis;

/// <summary>Chooses the shared state: in this process (embedded mode) or Redis when <c>Redis:Configuration</c> is set.</summary>
public static class RedisRegistration
{
    public static IHostApplicationBuilder AddSharedState(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();

        builder.Services.AddOptions<SharedStateOptions>().BindConfiguration(SharedStateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        var configured = !string.IsNullOrWhiteSpace(builder.Configuration[$"{RedisOptions.SectionName}:Configuration"]);
        if (!configured)
        {
            builder.Services.TryAddSingleton(sp => new InMemorySharedState(
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<SharedStateOptions>>().Value.MaxEntries));
            builder.Services.TryAddSingleton<ISharedState>(sp => sp.GetRequiredService<InMemorySharedState>());
            return builder;
        }

        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        builder.Services.AddSingleton(sp => new RedisSharedState(
            sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix));
        builder.Services.TryAddSingleton<ISharedState>(sp => new ResilientSharedState(
            sp.GetRequiredService<RedisSharedState>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ResilientSharedState>>(),
            sp.GetRequiredService<IOptions<SharedStateOptions>>().Value.MaxEntries));
        // Degraded, not Unhealthy, when unreachable: see RedisHealthCheck.
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        return builder;
    }
}
