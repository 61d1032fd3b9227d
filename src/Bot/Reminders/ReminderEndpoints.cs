using System.Security.Cryptography;
using System.Text.Json;
using Clearance.Bot.ClearanceStatus;
using Clearance.Integrations.ClearanceStatus;
using Clearance.Integrations.Records;
using Clearance.Integrations.SharedState;
using Clearance.Knowledge;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Reminders;

/// <summary>
/// <c>GET /api/reminders/deliveries?school=&amp;status=&amp;limit=</c> (header <c>X-Api-Key</c>, a staff key of that school):
/// the delivery log and its outcome, newest first, with counts per status. Errors are ProblemDetails.
/// </summary>
public static class ReminderEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    public static IEndpointRouteBuilder MapReminderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reminders/deliveries", GetDeliveries).WithName("GetReminderDeliveries").WithTags("Reminders");
        return app;
    }

    public static async Task<Results<Ok<DeliveriesResponse>, ProblemHttpResult>> GetDeliveries(
        string? school, string? status, int? limit, HttpContext context,
        ReminderStore store, KnowledgeBase knowledge, IOptions<ClearanceOptions> clearance, CancellationToken cancellationToken)
    {
        var presented = context.Request.Headers[ClearanceEndpoints.ApiKeyHeader].ToString();
        var key = presented.Length == 0 ? null : ClearanceEndpoints.Find(clearance.Value.StaffKeys, presented);
        if (key is null)
            return TypedResults.Problem(statusCode: 401, title: "API key required", detail: $"Send a staff key in the {ClearanceEndpoints.ApiKeyHeader} header.");
        if (string.IsNullOrWhiteSpace(school))
            return Invalid("school", "school is required, e.g. ?school=cqu");
        if (!string.Equals(key.School, school, StringComparison.Ordinal))
            return TypedResults.Problem(statusCode: 403, title: "Wrong school", detail: $"This key is for {key.School}.");
        if (knowledge.Current.School(school) is null)
            return TypedResults.Problem(statusCode: 404, title: "Unknown school", detail: $"No school '{school}' in the knowledge base.");
        DeliveryStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<DeliveryStatus>(status.Trim(), ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                return Invalid("status", $"status must be one of {string.Join(", ", Enum.GetValues<DeliveryStatus>().Select(StatusName))}, not '{status}'");
            wanted = parsed;
        }
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) return Invalid("limit", $"limit must be between 1 and {MaxLimit}");
        var (items, counts) = await store.ListAsync(school, wanted, take, cancellationToken);
        return TypedResults.Ok(new DeliveriesResponse(
            school,
            wanted is { } w ? StatusName(w) : null,
            Enum.GetValues<DeliveryStatus>().ToDictionary(StatusName, s => counts.GetValueOrDefault(s)),
            [.. items.Select(DeliveryResponse.From)]));
    }

    internal static string StatusName(DeliveryStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    private static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = 400,
            Title = "Invalid request",
        });
}

public sealed record DeliveriesResponse(string School, string? Status, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<DeliveryResponse> Items);

/// <summary>A delivery as staff see it: no message text, no openid.</summary>
public sealed record DeliveryResponse(
    long Id, string Kind, string StudentId, DateOnly Occurrence, string Status, int Attempts, string? LastErrorCode, string? Detail,
    string? Channel, string? MessageKey, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? NotBefore, DateTimeOffset? SentAt)
{
    public static DeliveryResponse From(ReminderDelivery d) => new(
        d.Id, d.Kind, d.StudentId, d.OccurrenceDate, ReminderEndpoints.StatusName(d.Status), d.Attempts, d.LastErrorCode, d.Detail,
        d.Channel, d.MessageKey, d.CreatedAt, d.UpdatedAt, d.NotBefore, d.SentAt);
}

/// <summary>
/// Who may open <c>/hangfire</c>: an administrator key (<c>Clearance:StaffKeys</c> entry with Office <c>*</c>) in the
/// <c>X-Api-Key</c> header, or once as <c>?key=</c>, which starts an 8-hour session cookie (the key itself is never
/// put in the cookie). Everyone else is refused; in Development a request from this machine is let in.
/// </summary>
public sealed class StaffDashboardAuthorization(IOptions<ClearanceOptions> clearance, ISharedState sessions, IHostEnvironment environment)
    : IDashboardAsyncAuthorizationFilter
{
    public const string CookieName = "clearance-hangfire";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    private const string OperatorItem = "clearance-hangfire-operator";
    private const string OperatorSession = "operator:";

    /// <summary>
    /// The dashboard lists every school's jobs and can trigger or delete them: an operator key (school <c>*</c>) gets
    /// it whole, a school's administrator key gets it read-only, so one school cannot run or drop another's planner.
    /// </summary>
    public static bool IsReadOnly(DashboardContext context) =>
        context.GetHttpContext().Items[OperatorItem] is not true;

    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (environment.IsDevelopment() && IsLocal(http))
        {
            http.Items[OperatorItem] = true;
            return true;
        }
        if (http.Request.Cookies.TryGetValue(CookieName, out var session) && session.Length == 32
            && await sessions.GetAsync(SessionKey(session), http.RequestAborted) is { } holder)
        {
            http.Items[OperatorItem] = holder.StartsWith(OperatorSession, StringComparison.Ordinal);
            return true;
        }
        var presented = http.Request.Headers[ClearanceEndpoints.ApiKeyHeader].ToString();
        var fromQuery = false;
        if (presented.Length == 0 && http.Request.Query.TryGetValue("key", out var query))
        {
            presented = query.ToString();
            fromQuery = true;
        }
        if (presented.Length == 0 || ClearanceEndpoints.Find(clearance.Value.StaffKeys, presented) is not { IsAdmin: true } key) return false;
        http.Items[OperatorItem] = key.IsOperator;
        if (fromQuery)
        {
            var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            await sessions.SetAsync(SessionKey(token), (key.IsOperator ? OperatorSession : "school:") + key.Label, SessionLifetime, http.RequestAborted);
            http.Response.Cookies.Append(CookieName, token, new CookieOptions
            {
                HttpOnly = true,
                Secure = http.Request.IsHttps,
                SameSite = SameSiteMode.Strict,
                Path = "/hangfire",
                MaxAge = SessionLifetime,
            });
        }
        return true;
    }

    private static string SessionKey(string token) => "hangfire-session:" + token;

    private static bool IsLocal(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip);
}
