using Clearance.Bot.Cli;
using Clearance.Bot.Conversation;
using Microsoft.SemanticKernel;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>Records, binding, status dialogs and the staff API (issue 4).</summary>
public static class ClearanceFeature
{
    public static IHostApplicationBuilder AddClearanceStatus(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ITurnMiddleware, IdentityMiddleware>();
        builder.Services.AddSingleton<IUserLeftCleanup, BindingCleanup>();
        builder.Services.AddOptions<BindingOptions>().BindConfiguration(BindingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<BindingAttempts>();
        builder.Services.AddSingleton<BindingWatch>();
        builder.Services.AddSingleton<IDialog, BindingDialog>();
        builder.Services.AddSingleton<IDialog, StatusDialog>();
        builder.Services.AddSingleton<RosterImport>();
        // The model's status tool (used only when an LLM is configured), built per model turn for its student.
        builder.Services.AddScoped<KernelPlugin>(sp => KernelPluginFactory.CreateFromType<ClearanceStatusPlugin>(ClearanceStatusPlugin.PluginName, sp));
        builder.Services.AddSingleton<ICliVerb, StudentsImportVerb>();
        // Seeded by Startup.StartupLoading after the port is open (the records are migrated before it).
        builder.Services.AddSingleton<DemoData>();
        return builder;
    }

    public static IEndpointRouteBuilder MapClearanceStatus(this IEndpointRouteBuilder app) => app.MapClearanceEndpoints();
}
