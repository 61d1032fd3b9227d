using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clearance.Bot.Conversation;

public static class ConversationRegistration
{
    /// <summary>
    /// The pipeline and its middleware, in order: rate limit → identity (added by the clearance feature) → logging → router.
    /// Dialogs register themselves as <see cref="IDialog"/>.
    /// </summary>
    public static IHostApplicationBuilder AddConversation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConversationOptions>()
            .BindConfiguration(ConversationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<ConversationStateStore>();
        builder.Services.TryAddSingleton<DialogRouter>();
        builder.Services.TryAddSingleton<ChatMenu>();
        builder.Services.TryAddSingleton<ConversationPipeline>();
        builder.Services.AddSingleton<ITurnMiddleware, RateLimitMiddleware>();
        return builder;
    }

    /// <summary>Logging sits last, just before the router, so it sees the identity and the final intent.</summary>
    public static IHostApplicationBuilder AddConversationLogging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ITurnMiddleware, LoggingMiddleware>();
        return builder;
    }
}
