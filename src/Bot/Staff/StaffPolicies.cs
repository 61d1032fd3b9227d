using Microsoft.AspNetCore.Authorization;

namespace Clearance.Bot.Staff;

/// <summary>
/// Who may call what, declared on route groups (<c>RequireAuthorization(StaffPolicies.Staff)</c>) instead of checked in
/// each handler. <see cref="Staff"/>: any staff principal, confined to the <c>{school}</c> and <c>{dept}</c> of the route
/// when it has them. <see cref="SchoolAdmin"/>: also every office of the school (<c>Office</c> <c>*</c>).
/// <see cref="Operator"/>: the service's operator (<c>School</c> <c>*</c>, <c>Office</c> <c>*</c>).
/// </summary>
public static class StaffPolicies
{
    public const string Staff = "Staff";
    public const string SchoolAdmin = "SchoolAdmin";
    public const string Operator = "Operator";

    public static void Add(AuthorizationOptions options, params string[] schemes)
    {
        options.AddPolicy(Staff, p => p.AddAuthenticationSchemes(schemes).RequireAuthenticatedUser().AddRequirements(new RouteScopeRequirement()));
        options.AddPolicy(SchoolAdmin, p => p.AddAuthenticationSchemes(schemes).RequireAuthenticatedUser().AddRequirements(new RouteScopeRequirement(), new SchoolAdminRequirement()));
        options.AddPolicy(Operator, p => p.AddAuthenticationSchemes(schemes).RequireAuthenticatedUser().AddRequirements(new OperatorRequirement()));
    }
}

/// <summary>Why a staff member was refused, as the 403's title and detail (<see cref="StaffRefusalResults"/>).</summary>
public sealed class StaffRefusal(IAuthorizationHandler handler, string title, string detail) : AuthorizationFailureReason(handler, detail)
{
    public string Title { get; } = title;
}

/// <summary>A <c>{school}</c> route must be the principal's school; a <c>{dept}</c> route its office, unless it has every office.</summary>
public sealed class RouteScopeRequirement : AuthorizationHandler<RouteScopeRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RouteScopeRequirement requirement)
    {
        var user = context.User;
        var http = context.Resource as HttpContext;
        var school = StaffClaims.SchoolOf(user);
        var office = StaffClaims.OfficeOf(user);
        if (http?.GetRouteValue("school") is string routeSchool && !string.Equals(school, routeSchool, StringComparison.Ordinal))
            context.Fail(new StaffRefusal(this, "Wrong school", $"This key is for {school}."));
        else if (http?.GetRouteValue("dept") is string dept && !StaffClaims.IsAdministrator(user) && !string.Equals(office, dept, StringComparison.OrdinalIgnoreCase))
            context.Fail(new StaffRefusal(this, "Wrong office", $"This key may change only office '{office}'."));
        else
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

public sealed class SchoolAdminRequirement : AuthorizationHandler<SchoolAdminRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SchoolAdminRequirement requirement)
    {
        if (StaffClaims.IsAdministrator(context.User)) context.Succeed(requirement);
        else context.Fail(new StaffRefusal(this, "Administrator key required", $"This needs a key whose Office is '{StaffKey.AnyOffice}'."));
        return Task.CompletedTask;
    }
}

public sealed class OperatorRequirement : AuthorizationHandler<OperatorRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        if (StaffClaims.IsOperator(context.User)) context.Succeed(requirement);
        else context.Fail(new StaffRefusal(this, "Operator key required", $"This needs a key whose School and Office are '{StaffKey.AnySchool}'."));
        return Task.CompletedTask;
    }
}
