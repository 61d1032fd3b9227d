namespace Clearance.Bot.ClearanceStatus;

/// <summary>Records, binding, status dialogs and the staff API (issue 4).</summary>
public static class ClearanceFeature
{
    public static IHostApplicationBuilder AddClearanceStatus(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapClearanceStatus(this IEndpointRouteBuilder app) => app;
}
