using System.Text.Json;
using Clearance.Bot.Staff;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Clearance.Bot.Reminders;

/// <summary>
/// <c>GET /api/reminders/deliveries?school=&amp;status=&amp;limit=</c> (staff of that school, <see cref="StaffPolicies.Staff"/>):
/// the delivery log and its outcome, newest first, with counts per status. Student ids are whole for a school's
/// administrators and masked for an office key, which needs to see that reminders go out, not to whom (issue 17
/// item 7). Errors are ProblemDetails.
/// </summary>
public static class ReminderEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    public static IEndpointRouteBuilder MapReminderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reminders/deliveries", GetDeliveries).WithName("GetReminderDeliveries").WithTags("Reminders")
            .RequireAuthorization(StaffPolicies.Staff);
        return app;
    }

    public static async Task<Results<Ok<DeliveriesResponse>, ProblemHttpResult>> GetDeliveries(
        string? school, string? status, int? limit, CurrentStaff staff,
        ReminderStore store, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(school))
            return Invalid("school", "school is required, e.g. ?school=cqu");
        // The school is in the query, not the route, so the policy cannot see it: checked here, after the 400.
        if (!staff.IsOf(school))
            return TypedResults.Problem(statusCode: 403, title: "Wrong school", detail: $"This key is for {staff.School}.");
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
            [.. items.Select(d => DeliveryResponse.From(d, maskStudentId: !staff.IsAdministrator))]));
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
    public static DeliveryResponse From(ReminderDelivery d, bool maskStudentId) => new(
        d.Id, d.Kind, maskStudentId ? ClearanceStatus.Privacy.MaskStudentId(d.StudentId) : d.StudentId, d.OccurrenceDate, ReminderEndpoints.StatusName(d.Status), d.Attempts, d.LastErrorCode, d.Detail,
        d.Channel, d.MessageKey, d.CreatedAt, d.UpdatedAt, d.NotBefore, d.SentAt);
}
