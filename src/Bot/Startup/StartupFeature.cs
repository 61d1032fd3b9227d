using Clearance.Bot.Conversation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clearance.Bot.Startup;

/// <summary>Loading the knowledge base, the demo roster and the warm-up after the port opens (issue 14 item 4).</summary>
public static class StartupFeature
{
    public static IHostApplicationBuilder AddStartup(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StartupReadiness>();
        builder.Services.TryAddSingleton<StartupHold>();
        builder.Services.AddHostedService<StartupLoading>();
        builder.Services.AddSingleton<ITurnMiddleware, StartupTurnGate>();
        builder.Services.AddHealthChecks().AddCheck<StartupHealthCheck>("startup");
        return builder;
    }
}
