using Clearance.Bot.Conversation;

namespace Clearance.Bot.Dialogs;

public static class DialogsRegistration
{
    public static IHostApplicationBuilder AddDialogs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IDialog, KnowledgeDialog>();
        builder.Services.AddHostedService<KnowledgeWarmup>();
        return builder;
    }
}
