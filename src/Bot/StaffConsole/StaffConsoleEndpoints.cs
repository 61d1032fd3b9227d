using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Feedback;
using Clearance.Integrations.ClearanceStatus;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.StaffConsole;

/// <summary>
/// The staff console's data (page: <c>GET /console</c>), behind the same staff keys as the clearance API
/// (<c>Clearance:StaffKeys</c>, header <c>X-Api-Key</c>): a key sees its own school's questions, votes and reminder
/// deliveries; only an administrator key (Office <c>*</c>) reloads the knowledge base. Errors are ProblemDetails:
/// 401 no or unknown key, 403 another school or not an administrator.
/// </summary>
public static partial class StaffConsoleEndpoints
{
    public const int QuestionLimit = 200;
    public const int DeliveryLimit = 50;

    public static IEndpointRouteBuilder MapStaffConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/console").AddEndpointFilter(RequireStaffKey).WithTags("Console");
        group.MapGet("/me", GetMe).WithName("ConsoleMe");
        group.MapGet("/knowledge", GetKnowledge).WithName("ConsoleKnowledge");
        group.MapPost("/knowledge/reload", PostReload).WithName("ConsoleReloadKnowledge").WithMetadata(new AdministratorOnly());
        group.MapGet("/{school}/questions", GetQuestions).WithName("ConsoleQuestions");
        group.MapGet("/{school}/feedback", GetFeedback).WithName("ConsoleFeedback");
        group.MapGet("/{school}/deliveries", GetDeliveries).WithName("ConsoleDeliveries");
        group.MapGet("/{school}/lint", LintConsole.GetLint).WithName("ConsoleLint");
        return app;
    }

    public static Ok<StaffIdentity> GetMe(HttpContext context, KnowledgeBase knowledge)
    {
        var key = Staff(context);
        return TypedResults.Ok(new StaffIdentity(key.Label, key.School, knowledge.Current.School(key.School)?.Profile.Name, key.Office, key.IsAdmin));
    }

    public static Ok<KnowledgeStatus> GetKnowledge(KnowledgeBase knowledge) => TypedResults.Ok(KnowledgeStatus.From(knowledge.Current));

    /// <summary>The new snapshot is built beside the old one and swapped in, so students keep getting answers meanwhile.</summary>
    public static async Task<Ok<KnowledgeStatus>> PostReload(HttpContext context, KnowledgeBase knowledge, ILoggerFactory loggers)
    {
        // Building the indexes is CPU work; keep it off the request thread that Kestrel handed us.
        var snapshot = await Task.Run(knowledge.Reload);
        LogReloaded(loggers.CreateLogger(typeof(StaffConsoleEndpoints)), Staff(context).Label, snapshot.Schools.Count, snapshot.Errors.Count);
        return TypedResults.Ok(KnowledgeStatus.From(snapshot));
    }

    public static async Task<Ok<IReadOnlyList<QuestionItem>>> GetQuestions(
        string school, StaffInsightsStore store, QuestionInsightsBuffer insights, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        await insights.FlushAsync(cancellationToken);
        var guides = knowledge.Current.School(school);
        var rows = await store.QuestionsAsync(school, QuestionLimit, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<QuestionItem>>([.. rows.Select(q => new QuestionItem(
            q.Text, q.Kind, q.Count, q.NearestGuideId, guides?.FindGuide(q.NearestGuideId)?.Title,
            Math.Round(q.Score, 2), Math.Round(q.Margin, 2), q.FirstAskedAt, q.LastAskedAt))]);
    }

    public static async Task<Ok<IReadOnlyList<GuideFeedbackItem>>> GetFeedback(
        string school, StaffInsightsStore store, QuestionInsightsBuffer insights, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        await insights.FlushAsync(cancellationToken);
        var guides = knowledge.Current.School(school);
        var votes = await store.VotesByGuideAsync(school, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<GuideFeedbackItem>>([.. votes.Select(v => new GuideFeedbackItem(
            v.GuideId, guides?.FindGuide(v.GuideId)?.Title, v.Helpful, v.NotHelpful))]);
    }

    public static async Task<Ok<IReadOnlyList<DeliveryItem>>> GetDeliveries(
        string school, StaffInsightsStore store, CancellationToken cancellationToken)
    {
        var rows = await store.RecentDeliveriesAsync(school, DeliveryLimit, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<DeliveryItem>>([.. rows.Select(DeliveryItem.From)]);
    }

    /// <summary>
    /// The clearance API's key check (same keys, same constant-time comparison), scoped for the console:
    /// a <c>{school}</c> route must be the key's school, <see cref="AdministratorOnly"/> routes need Office <c>*</c>.
    /// </summary>
    private static async ValueTask<object?> RequireStaffKey(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<ClearanceOptions>>().Value;
        var presented = http.Request.Headers[ClearanceEndpoints.ApiKeyHeader].ToString();
        var key = string.IsNullOrEmpty(presented) ? null : ClearanceEndpoints.Find(options.StaffKeys, presented);
        if (key is null)
        {
            return TypedResults.Problem(statusCode: 401, title: "API key required",
                detail: $"Send a staff key in the {ClearanceEndpoints.ApiKeyHeader} header (configured in Clearance:StaffKeys).");
        }
        if (http.GetRouteValue("school") is string school && !string.Equals(key.School, school, StringComparison.Ordinal))
            return TypedResults.Problem(statusCode: 403, title: "Wrong school", detail: $"This key is for {key.School}.");
        if (http.GetEndpoint()?.Metadata.GetMetadata<AdministratorOnly>() is not null && !key.IsAdmin)
            return TypedResults.Problem(statusCode: 403, title: "Administrator key required", detail: "Reloading the knowledge base needs a key whose Office is '*'.");
        http.Items[typeof(StaffKey)] = key;
        return await next(invocation);
    }

    private static StaffKey Staff(HttpContext context) =>
        context.Items[typeof(StaffKey)] as StaffKey ?? throw new InvalidOperationException("the staff key filter did not run");

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge base reloaded from the console by {Staff}: {Schools} schools, {Errors} errors")]
    private static partial void LogReloaded(ILogger logger, string staff, int schools, int errors);
}

/// <summary>Marks a console route that only an administrator key (Office <c>*</c>) may call.</summary>
public sealed class AdministratorOnly;

public sealed record StaffIdentity(string Label, string School, string? SchoolName, string Office, bool IsAdmin);

public sealed record KnowledgeStatus(DateTimeOffset LoadedAt, IReadOnlyList<SchoolLoad> Schools, IReadOnlyList<LoadError> Errors)
{
    public static KnowledgeStatus From(KnowledgeSnapshot snapshot) => new(
        snapshot.LoadedAt,
        [.. snapshot.Schools.Values
            .OrderBy(s => s.Profile.Source ?? "~", StringComparer.Ordinal)
            .Select(s => new SchoolLoad(s.Profile.Id, s.Profile.Name, s.Guides.Count, snapshot.Errors.Count(e => InSchool(e.File, s.Profile.Id))))],
        [.. snapshot.Errors.Select(e => new LoadError(e.File, e.Line, e.Message))]);

    /// <summary>Error paths read <c>knowledge-base/{school}/file.md</c>.</summary>
    private static bool InSchool(string file, string school) =>
        file.Replace('\\', '/').Contains("/" + school + "/", StringComparison.Ordinal);
}

/// <summary><see cref="Guides"/>: guide files loaded (a broken file is an error instead, the rest still load).</summary>
public sealed record SchoolLoad(string Id, string Name, int Guides, int Errors);

public sealed record LoadError(string File, int Line, string Message);

public sealed record QuestionItem(
    string Text, string Kind, int Count, string? NearestGuideId, string? NearestGuideTitle, double Score, double Margin,
    DateTimeOffset FirstAskedAt, DateTimeOffset LastAskedAt);

public sealed record GuideFeedbackItem(string? GuideId, string? Title, int Helpful, int NotHelpful);

/// <param name="StudentId">Masked (<see cref="Privacy.MaskStudentId"/>): the console shows that reminders go out, not to whom.</param>
public sealed record DeliveryItem(
    long Id, string Kind, string StudentId, DateOnly OccurrenceDate, string Status, int Attempts, string? LastErrorCode,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SentAt)
{
    public static DeliveryItem From(ReminderDelivery d) => new(
        d.Id, d.Kind, Privacy.MaskStudentId(d.StudentId), d.OccurrenceDate, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(d.Status.ToString()),
        d.Attempts, d.LastErrorCode, d.CreatedAt, d.UpdatedAt, d.SentAt);
}
