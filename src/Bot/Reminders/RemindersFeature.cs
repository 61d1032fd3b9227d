using Clearance.Integrations.Records;
using Clearance.Bot.Cli;
using Clearance.Bot.Conversation;
using Clearance.Bot.Staff;
using Clearance.Integrations.Redis;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Redis.StackExchange;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Clearance.Bot.Reminders;

/// <summary>Scheduled reminders with Hangfire (issue 5): calendar → plan → deliveries → send, subscriptions, operations.</summary>
public static class RemindersFeature
{
    public const string DashboardPath = "/hangfire";

    public static IHostApplicationBuilder AddReminders(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReminderOptions>()
            .BindConfiguration(ReminderOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidator>();

        services.AddSingleton<ReminderStore>();
        services.AddSingleton<ReminderSubscriptions>();
        // The model's reminder tools (used only when an LLM is configured), built per model turn for its student.
        services.AddScoped<KernelPlugin>(sp => KernelPluginFactory.CreateFromType<ReminderSubscriptionPlugin>(ReminderSubscriptionPlugin.PluginName, sp));
        services.AddSingleton<ProviderRateGate>();
        services.AddSingleton<ReminderClaimLeases>();
        services.AddSingleton<IReminderChannel, MpTemplateReminders>();
        services.AddSingleton<IReminderChannel, WeComTextCardReminders>();
        services.AddSingleton<ReminderSender>();
        services.AddSingleton<ReminderRunner>();
        services.AddTransient<ReminderJobs>();
        services.AddSingleton<IDialog, ReminderDialog>();
        services.AddSingleton<ITurnMiddleware, ReminderChannelEvents>();
        services.AddSingleton<IUserLeftCleanup, ReminderSubscriptionCleanup>();
        services.AddSingleton<ICliVerb, RemindRunVerb>();
        services.AddSingleton<ReminderPreview>();
        services.AddSingleton<ICliVerb, RemindPreviewVerb>();

        // The delivery table is the durable truth (what is due, what went out); Hangfire only triggers work on it, so
        // the in-memory storage loses nothing on a restart: the recurring planner re-registers and re-dispatches.
        // With Redis the jobs are shared, and the recurring planner runs once across instances.
        var redis = builder.Configuration["Redis:Configuration"];
        // The host's own storage, registered before AddHangfire so that its fallback (the process-wide
        // JobStorage.Current, which every UseXxxStorage call overwrites) is never used: with several hosts in one
        // process (the tests) they shared one storage, and the host disposed first disposed it under the others — whose
        // planner then failed and stopped them (seen in CI as "Cannot access a disposed object: IServiceProvider").
        services.AddSingleton<JobStorage>(sp =>
        {
            if (string.IsNullOrWhiteSpace(redis)) return new Hangfire.InMemory.InMemoryStorage();
            // The process's one multiplexer (it connects without aborting, so a Redis that is down delays start by its
            // connect timeout at most instead of stopping the host); the storage is built once, at start.
            var connection = sp.GetRequiredService<RedisConnection>();
            var multiplexer = connection.GetMultiplexerAsync().GetAwaiter().GetResult();
            return new RedisStorage(multiplexer, new RedisStorageOptions { Prefix = connection.Options.KeyPrefix + "hangfire:" });
        });
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        var reminders = builder.Configuration.GetSection(ReminderOptions.SectionName).Get<ReminderOptions>() ?? new ReminderOptions();
        if (reminders.Server)
        {
            services.AddHangfireServer((sp, server) =>
            {
                server.WorkerCount = sp.GetRequiredService<IOptions<ReminderOptions>>().Value.Workers;
                server.ServerName = $"clearance-{Environment.MachineName}";
                // Jobs come from this host's container, not the process-wide JobActivator.Current (which the last host
                // built in the process sets, e.g. in tests that run several hosts side by side).
                server.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
            });
            services.AddHostedService<ReminderSchedule>();
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapReminders(this IEndpointRouteBuilder app)
    {
        app.MapReminderEndpoints();
        app.MapReminderInbox();
        app.MapDashboardLogin();
        // Authorised by the staff policies like every staff route, not by Hangfire's own filters (none here); a browser
        // logs in at /hangfire/login and POSTs from another site are refused before that (DashboardLogin). It lists
        // every school's jobs and can trigger or delete them: a school's administrator gets it read-only, so one school
        // cannot run or drop another's planner; the operator gets it whole.
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [],
            IsReadOnlyFunc = context => !StaffClaims.IsOperator(context.GetHttpContext().User),
            DisplayStorageConnectionString = false,
            DashboardTitle = "Clearance.Bot reminders",
        }).RequireAuthorization(StaffPolicies.SchoolAdmin);
        return app;
    }
}
