using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Clearance.Bot.Health;

/// <summary><c>GET /healthz</c>: liveness plus each registered readiness check (index, storage, Redis) by name.</summary>
public static class HealthFeature
{
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<KnowledgeHealthCheck>("knowledge");
        builder.Services.AddHttpClient(HealthcheckVerb.HttpClientName);
        builder.Services.AddSingleton<Cli.ICliVerb, HealthcheckVerb>();
        return builder;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
