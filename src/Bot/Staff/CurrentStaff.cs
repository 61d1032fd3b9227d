using System.Security.Claims;

namespace Clearance.Bot.Staff;

/// <summary>The claims a staff principal carries, whichever scheme signed it in (today the key; later a school's SSO).</summary>
public static class StaffClaims
{
    public const string School = "clearance:school";
    public const string Office = "clearance:office";
    /// <summary>Who this is in the audit log (a key's <c>Name</c>, e.g. <c>cqu-finance</c>).</summary>
    public const string Label = ClaimTypes.Name;

    public static ClaimsPrincipal Principal(string scheme, string school, string office, string label) =>
        new(new ClaimsIdentity([new Claim(School, school), new Claim(Office, office), new Claim(Label, label)], scheme));

    public static ClaimsPrincipal Principal(string scheme, StaffKey key) => Principal(scheme, key.School, key.Office, key.Label);

    public static string? SchoolOf(ClaimsPrincipal user) => user.FindFirstValue(School);

    public static string? OfficeOf(ClaimsPrincipal user) => user.FindFirstValue(Office);

    /// <summary>Every office of its school (<c>Office</c> <c>*</c>).</summary>
    public static bool IsAdministrator(ClaimsPrincipal user) => OfficeOf(user) == StaffKey.AnyOffice;

    /// <summary>Runs the service for every school: may trigger and delete any school's jobs, sees no student records.</summary>
    public static bool IsOperator(ClaimsPrincipal user) => SchoolOf(user) == StaffKey.AnySchool && IsAdministrator(user);
}

/// <summary>
/// The staff member behind this request, for handlers that need their school, office or audit label. Set once per
/// request when authentication succeeds (<see cref="CurrentStaffTransformation"/>); the route group's policy has
/// already refused anyone without one, so a handler reading it is a bug if it is empty.
/// </summary>
public sealed class CurrentStaff
{
    public ClaimsPrincipal? Principal { get; set; }

    private ClaimsPrincipal User => Principal is { Identity.IsAuthenticated: true } p
        ? p
        : throw new InvalidOperationException("no staff member on this request: is the route group missing RequireAuthorization?");

    public string School => StaffClaims.SchoolOf(User) ?? "";
    public string Office => StaffClaims.OfficeOf(User) ?? "";
    public string Label => User.FindFirstValue(StaffClaims.Label) ?? $"{School}/{Office}";
    public bool IsAdministrator => StaffClaims.IsAdministrator(User);
    public bool IsOperator => StaffClaims.IsOperator(User);

    public bool IsOf(string? school) => string.Equals(School, school, StringComparison.Ordinal);
}

/// <summary>Hands the authenticated principal to the request's <see cref="CurrentStaff"/>.</summary>
public sealed class CurrentStaffTransformation(CurrentStaff current) : Microsoft.AspNetCore.Authentication.IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        current.Principal = principal;
        return Task.FromResult(principal);
    }
}
