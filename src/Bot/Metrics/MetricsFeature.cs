using System.ComponentModel.DataAnnotations;
using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Conversation;
using Clearance.Bot.Staff;
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
/// <c>Authorization: Bearer</c>, School and Office <c>*</c>, through the staff scheme and its <c>Operator</c> policy): counts by school are the service's, not one school's.
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
        // The operator's, like the full job dashboard: the counts by school are the service's, not one school's.
        app.MapPrometheusScrapingEndpoint(options.Path).RequireAuthorization(StaffPolicies.Operator);
        return app;
    }
}
