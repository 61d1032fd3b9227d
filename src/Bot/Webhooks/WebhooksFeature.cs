using Microsoft.Extensions.Options;
using Clearance.Bot.Cli;
using Clearance.Bot.Conversation;

namespace Clearance.Bot.Webhooks;

/// <summary>WeChat MP and WeCom callbacks on the conversation pipeline (issue 3).</summary>
public static class WebhooksFeature
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WeComUserIds>();
        builder.Services.AddSingleton<IValidateOptions<Clearance.Integrations.WeChat.WeChatOptions>, AccountSchoolsValidator>();
        builder.Services.AddSingleton<IValidateOptions<Clearance.Integrations.WeChat.Work.WeComOptions>, AccountSchoolsValidator>();
        builder.Services.AddSingleton<CallbackTurnRunner>();
        builder.Services.AddSingleton<IChatMenuSource, WeChatMenuSource>();
        builder.Services.AddSingleton<IDialog, ChannelEventsDialog>();
        builder.Services.AddSingleton<ICliVerb, MenuVerb>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapWebhookEndpoints();
        return app;
    }
}
