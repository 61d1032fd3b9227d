using Clearance.Bot.Chat;
using Clearance.Bot.Cli;
using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.ClientLimits;
using Clearance.Bot.Conversation;
using Clearance.Bot.Dialogs;
using Clearance.Bot.Feedback;
using Clearance.Bot.Health;
using Clearance.Bot.Metrics;
using Clearance.Bot.Proxy;
using Clearance.Bot.Reminders;
using Clearance.Bot.Staff;
using Clearance.Bot.Startup;
using Clearance.Bot.StaffConsole;
using Clearance.Bot.WebChat;
using Clearance.Bot.WebSessions;
using Clearance.Bot.Webhooks;

namespace Clearance.Bot;

public static class BotRegistration
{
    /// <summary>The host's features. Registration order does not matter: middleware state their place (<see cref="Conversation.TurnOrder"/>).</summary>
    public static IHostApplicationBuilder AddBot(this IHostApplicationBuilder builder)
    {
        builder.AddReverseProxy();
        builder.AddClientLimits();
        builder.AddWebSessions();
        builder.AddStaff();
        builder.AddConversation();
        builder.AddClearanceStatus();
        builder.AddMetrics();
        builder.AddDialogs();
        builder.AddChat();
        builder.AddWebChat();
        builder.AddWebhooks();
        builder.AddReminders();
        builder.AddHealth();
        builder.AddStartup();
        builder.AddCli();
        builder.AddFeedback();
        return builder;
    }

    public static WebApplication MapBot(this WebApplication app)
    {
        app.UseReverseProxy();
        app.UseStartupGate();
        app.UseStaff();
        app.UseClientLimits();
        // A management API answers every client error as ProblemDetails, including the ones the framework writes with
        // no body (a PUT whose JSON does not bind). Webhooks keep their protocol answers, so only /api is touched.
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (!http.Request.Path.StartsWithSegments("/api")) return;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = http.Response.StatusCode },
            });
        });
        app.MapChat();
        app.MapWebhooks();
        app.MapClearanceStatus();
        app.MapReminders();
        app.MapHealth();
        app.MapMetrics();
        app.MapWebChat();
        app.MapFeedback();
        app.MapStaffConsole();
        return app;
    }
}
