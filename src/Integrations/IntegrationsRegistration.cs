using Clearance.Integrations.ClearanceStatus;
using Clearance.Integrations.Redis;
using Clearance.Integrations.WeChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Clearance.Integrations;

public static class IntegrationsRegistration
{
    /// <summary>The one entry point of this project: shared state, WeChat clients, clearance records and providers.</summary>
    public static IHostApplicationBuilder AddIntegrations(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddSharedState();
        builder.AddWeChat();
        builder.AddClearanceRecords();
        return builder;
    }
}
