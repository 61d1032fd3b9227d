using Clearance.Bot.Conversation;
using Clearance.Bot.Llm;

namespace Clearance.Bot.Dialogs;

public static class DialogsRegistration
{
    public static IHostApplicationBuilder AddDialogs(this IHostApplicationBuilder builder)
    {
        // The optional model (issue 7) first: KnowledgeDialog picks up its composer only when Llm:Endpoint is set.
        builder.AddLlm();
        builder.Services.AddSingleton<IDialog, KnowledgeDialog>();
        builder.Services.AddSingleton<KnowledgeWarmup>();
        return builder;
    }
}
