using Microsoft.AspNetCore.Authentication;

namespace Clearance.Bot.Staff;

/// <summary>
/// Staff authentication and authorization: one scheme (the staff key), three policies, the current staff member per
/// request. A school's single sign-on would be a second scheme added here and listed in the policies (README).
/// </summary>
public static class StaffFeature
{
    public static IHostApplicationBuilder AddStaff(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StaffKeyOptions>().BindConfiguration(StaffKeyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<StaffKeyOptions>, StaffKeyOptionsValidator>();
        services.AddAuthentication(StaffKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, StaffKeyAuthenticationHandler>(StaffKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorization(options => StaffPolicies.Add(options, StaffKeyAuthenticationHandler.SchemeName));
        // The requirements handle themselves (the framework's pass-through handler runs them); no registration needed.
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, StaffRefusalResults>();
        services.AddSingleton<DashboardSessions>();
        services.AddScoped<CurrentStaff>();
        services.AddScoped<IClaimsTransformation, CurrentStaffTransformation>();
        return builder;
    }

    /// <summary>After the forwarded headers, so the dashboard's same-site check sees the host the browser used.</summary>
    public static WebApplication UseStaff(this WebApplication app)
    {
        app.UseDashboardGuard();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
