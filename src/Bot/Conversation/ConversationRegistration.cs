using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clearance.Bot.Conversation;

public static class ConversationRegistration
{
    /// <summary>
    /// The pipeline and the core's middleware (user left, rate limit, logging); features add their own middleware,
    /// each with its place in <see cref="TurnOrder"/>, and their dialogs as <see cref="IDialog"/>.
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
        builder.Services.AddSingleton<ITurnMiddleware, UserLeftMiddleware>();
        builder.Services.AddSingleton<ITurnMiddleware, RateLimitMiddleware>();
        builder.Services.AddSingleton<ITurnMiddleware, LoggingMiddleware>();
        builder.Services.AddSingleton<ITurnMiddleware, RecordsOutageMiddleware>();
        return builder;
    }
}
