using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Clearance.Bot.Staff;

/// <summary>
/// Staff routes are management APIs, so a refusal is ProblemDetails: 401 without a known key, 403 with the reason a
/// requirement gave (<see cref="StaffRefusal"/>). Anything else goes to the framework's own handling.
/// </summary>
public sealed class StaffRefusalResults(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged && IsBrowserOnDashboard(context))
        {
            // A person in a browser: to the login form rather than a JSON 401.
            context.Response.Redirect(DashboardLogin.LoginPath);
            return;
        }
        if (authorizeResult.Challenged)
        {
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "API key required",
                $"Send a staff key in the {StaffKeyAuthenticationHandler.HeaderName} header (configured in Clearance:StaffKeys).");
            return;
        }
        if (authorizeResult.Forbidden)
        {
            var reason = authorizeResult.AuthorizationFailure?.FailureReasons.OfType<StaffRefusal>().FirstOrDefault();
            await WriteAsync(context, StatusCodes.Status403Forbidden, reason?.Title ?? "Forbidden", reason?.Message);
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static bool IsBrowserOnDashboard(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && context.Request.Path.StartsWithSegments(Reminders.RemindersFeature.DashboardPath)
        && !context.Request.Headers.ContainsKey(StaffKeyAuthenticationHandler.HeaderName);

    private async Task WriteAsync(HttpContext context, int status, string title, string? detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
