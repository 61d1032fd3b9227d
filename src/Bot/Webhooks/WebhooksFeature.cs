namespace Clearance.Bot.Webhooks;

/// <summary>WeChat MP and WeCom callbacks on the conversation pipeline (issue 3).</summary>
public static class WebhooksFeature
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app) => app;
}
