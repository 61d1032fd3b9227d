using System.ComponentModel.DataAnnotations;
using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Conversation;
using Clearance.Integrations.ClearanceStatus;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Clearance.Bot.Metrics;

public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Off by default: on, <c>/metrics</c> serves Prometheus text, to the operator key only.</summary>
    public bool Enabled { get; set; }

    [Required]
    public string Path { get; set; } = "/metrics";
}

/// <summary>
/// OpenTelemetry metrics: the bot's own meter (messages, outcomes, latency, binding, reminders), the WeChat client's
/// (<c>Clearance.Integrations</c>: API errors by errcode) and ASP.NET Core's, exported for Prometheus at
/// <c>Metrics:Path</c> when <c>Metrics:Enabled</c>. The scrape needs the operator key (<c>X-Api-Key</c> or
/// <c>Authorization: Bearer</c>, School and Office <c>*</c>): counts by school are the service's, not one school's.
/// </summary>
public static class MetricsFeature
{
    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<BotMetrics>();
        builder.Services.AddSingleton<ITurnMiddleware, TurnMetricsMiddleware>();
        if (builder.Configuration.GetValue<bool>($"{MetricsOptions.SectionName}:Enabled"))
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(BotMetrics.MeterName, Integrations.WeChat.WeChatApiCaller.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        }
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled) return app;
        app.UseWhen(context => context.Request.Path.StartsWithSegments(options.Path), branch => branch.Use(async (context, next) =>
        {
            var keys = context.RequestServices.GetRequiredService<IOptions<ClearanceOptions>>().Value.StaffKeys;
            var presented = context.Request.Headers[ClearanceEndpoints.ApiKeyHeader].ToString();
            if (presented.Length == 0 && context.Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal))
                presented = auth["Bearer ".Length..].Trim();
            var key = presented.Length == 0 ? null : ClearanceEndpoints.Find(keys, presented);
            if (key is null || !key.IsOperator)
            {
                context.Response.StatusCode = key is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
                return;
            }
            await next(context);
        }));
        app.MapPrometheusScrapingEndpoint(options.Path);
        return app;
    }
}
