namespace Clearance.Bot.StaffConsole;

/// <summary>The staff console (issue 8): its page is served by the web chat feature, its data from here.</summary>
public static class StaffConsoleFeature
{
    public static IEndpointRouteBuilder MapStaffConsole(this IEndpointRouteBuilder app) => app.MapStaffConsoleEndpoints();
}
