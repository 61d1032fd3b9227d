using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Feedback;
using Clearance.Bot.Staff;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Clearance.Bot.StaffConsole;

/// <summary>
/// The staff console's data (page: <c>GET /console</c>), behind the same staff keys as the clearance API
/// (<c>Clearance:StaffKeys</c>, header <c>X-Api-Key</c>): a key sees its own school's questions, votes and reminder
/// deliveries; only an administrator key (Office <c>*</c>) reloads the knowledge base and sees and clears binding locks. Errors are ProblemDetails:
/// 401 no or unknown key, 403 another school or not an administrator.
/// </summary>
public static partial class StaffConsoleEndpoints
{
    public const int QuestionLimit = 200;
    public const int DeliveryLimit = 50;

    public static IEndpointRouteBuilder MapStaffConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/console").RequireAuthorization(StaffPolicies.Staff).WithTags("Console");
        group.MapGet("/me", GetMe).WithName("ConsoleMe");
        group.MapGet("/knowledge", GetKnowledge).WithName("ConsoleKnowledge");
        group.MapPost("/knowledge/reload", PostReload).WithName("ConsoleReloadKnowledge").RequireAuthorization(StaffPolicies.SchoolAdmin);
        // Missed questions are what students typed (masked, but still their words): the school's administrators only.
        group.MapGet("/{school}/questions", GetQuestions).WithName("ConsoleQuestions").RequireAuthorization(StaffPolicies.SchoolAdmin);
        group.MapGet("/{school}/feedback", GetFeedback).WithName("ConsoleFeedback");
        group.MapGet("/{school}/deliveries", GetDeliveries).WithName("ConsoleDeliveries");
        group.MapGet("/{school}/lint", LintConsole.GetLint).WithName("ConsoleLint");
        group.MapGet("/{school}/binding", BindingConsole.GetLocks).WithName("ConsoleBindingLocks").RequireAuthorization(StaffPolicies.SchoolAdmin);
        group.MapPost("/{school}/binding/{studentId}/clear", BindingConsole.PostClear).WithName("ConsoleClearBinding").RequireAuthorization(StaffPolicies.SchoolAdmin);
        return app;
    }

    public static Ok<StaffIdentity> GetMe(CurrentStaff staff, KnowledgeBase knowledge) =>
        TypedResults.Ok(new StaffIdentity(staff.Label, staff.School, knowledge.Current.School(staff.School)?.Profile.Name, staff.Office, staff.IsAdministrator));

    public static Ok<KnowledgeStatus> GetKnowledge(KnowledgeBase knowledge) => TypedResults.Ok(KnowledgeStatus.From(knowledge.Current));

    /// <summary>The new snapshot is built beside the old one and swapped in, so students keep getting answers meanwhile.</summary>
    public static async Task<Ok<KnowledgeStatus>> PostReload(CurrentStaff staff, KnowledgeBase knowledge, ILoggerFactory loggers)
    {
        // Building the indexes is CPU work; keep it off the request thread that Kestrel handed us.
        var snapshot = await Task.Run(knowledge.Reload);
        LogReloaded(loggers.CreateLogger(typeof(StaffConsoleEndpoints)), staff.Label, snapshot.Schools.Count, snapshot.Errors.Count);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge base reloaded from the console by {Staff}: {Schools} schools, {Errors} errors")]
    private static partial void LogReloaded(ILogger logger, string staff, int schools, int errors);
}

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
