namespace Clearance.Bot.Reminders;

/// <summary>Scheduled reminders with Hangfire (issue 5).</summary>
public static class RemindersFeature
{
    public static IHostApplicationBuilder AddReminders(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapReminders(this IEndpointRouteBuilder app) => app;
}
