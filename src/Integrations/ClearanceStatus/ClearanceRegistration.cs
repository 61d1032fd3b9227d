using Clearance.Integrations.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.ClearanceStatus;

/// <summary>Records (SQLite/PostgreSQL) and clearance-status providers (issue 4).</summary>
public static class ClearanceRegistration
{
    public static IHostApplicationBuilder AddClearanceRecords(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        builder.Services.AddOptions<ClearanceOptions>().BindConfiguration(ClearanceOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ClearanceOptions>, ClearanceOptionsValidator>();

        builder.Services.AddOptions<IdDigitsOptions>().BindConfiguration(IdDigitsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IdDigitsOptions>, IdDigitsOptionsValidator>();
        builder.Services.AddSingleton(sp => IdDigitsKeyFile.HasherFor(
            sp.GetRequiredService<IOptions<IdDigitsOptions>>().Value, sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        builder.Services.AddHostedService<IdDigitsKeyCheck>();

        builder.Services.AddSingleton<RecordsDbContextFactory>();
        builder.Services.AddSingleton<RecordsSchema>();
        builder.Services.AddSingleton<RosterStore>();
        builder.Services.AddSingleton<BindingStore>();
        builder.Services.AddSingleton<ProgressStore>();
        builder.Services.AddSingleton<AuditStore>();

        builder.Services.AddHttpClient(HttpStatusProvider.ClientName);
        builder.Services.AddSingleton<StoreStatusProvider>();
        builder.Services.AddSingleton<HttpStatusProvider>();
        builder.Services.AddSingleton<IClearanceStatusProvider>(sp =>
            sp.GetRequiredService<IOptions<ClearanceOptions>>().Value.UsesHttp
                ? sp.GetRequiredService<HttpStatusProvider>()
                : sp.GetRequiredService<StoreStatusProvider>());

        builder.Services.AddHealthChecks().AddCheck<RecordsHealthCheck>("storage");
        return builder;
    }
}

/// <summary>Readiness of the records store: reachable and migrated.</summary>
public sealed class RecordsHealthCheck(RosterStore store, RecordsDbContextFactory contexts, RecordsSchema schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The host migrates after its port opened; until then say so instead of waiting for it.
        if (schema.IsPending) return HealthCheckResult.Degraded($"{contexts.Describe}: migrating");
        try
        {
            var students = await store.CountStudentsAsync(cancellationToken);
            return HealthCheckResult.Healthy(contexts.Describe, new Dictionary<string, object> { ["students"] = students });
        }
        catch (System.Data.Common.DbException e)
        {
            return HealthCheckResult.Unhealthy(contexts.Describe, e);
        }
    }
}
