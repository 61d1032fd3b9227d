using Clearance.Bot.ClientLimits;
using Clearance.Bot.Conversation;
using Clearance.Bot.WebSessions;
using Clearance.Integrations.Records;
using Clearance.Integrations.Redis;
using Clearance.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Reminders;

/// <summary>
/// The web page's reminder inbox, in embedded mode only (the demo): a student bound in the web chat sees what the
/// reminders would push to them over the coming year — the same planner and message text a WeChat push carries — so
/// a newcomer sees the third feature without a WeChat account. Distributed mode has no web inbox (404).
/// </summary>
public static class ReminderInboxEndpoints
{
    public const int MaxItems = 20;
    public const int DaysAhead = 366;

    public static IEndpointRouteBuilder MapReminderInbox(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reminders/inbox", GetInbox).WithName("ReminderInbox").RequirePerClientLimit();
        return app;
    }

    public static async Task<Results<Ok<ReminderInbox>, NotFound>> GetInbox(
        string? school, HttpContext http, IOptions<RedisOptions> redis, WebSessionStore sessions, BindingStore bindings, ProgressStore progress,
        KnowledgeBase knowledge, TimeProvider time, IOptions<WebSessionOptions> sessionOptions, CancellationToken cancellationToken)
    {
        if (redis.Value.IsConfigured || school is null || knowledge.Current.School(school) is not { } known) return TypedResults.NotFound();
        // The session's binding, as the chat files it (Activity.PersonalKey); a userId in the query reaches nothing.
        if (await sessions.FindAsync(http, cancellationToken) is not { } session) return TypedResults.Ok(new ReminderInbox(false, []));
        var binding = await bindings.FindBindingAsync(new Activity { Channel = Channel.Web, Account = "web", School = school, UserId = "-", WebSessionKey = session.Key }.PersonalKey!, cancellationToken);
        if (binding is null || binding.School != school || time.GetUtcNow() - binding.BoundAt >= sessionOptions.Value.Absolute)
            return TypedResults.Ok(new ReminderInbox(false, []));
        var record = await progress.GetRecordAsync(school, binding.StudentId, cancellationToken);
        if (record is null) return TypedResults.Ok(new ReminderInbox(false, []));
        var profile = known.Profile;
        var zone = profile.ResolveTimeZone();
        var student = new PlannerStudent(record.Student.StudentId, record.Student.Degree, record.Student.GraduationType,
            record.Student.HasLoan, record.Student.OnCampus, ReminderPlanner.SchoolDate(record.Student.CreatedAt, zone).Year,
            [.. record.Offices.Where(o => o.State == OfficeState.Pending).Select(o => o.OfficeId)]);
        var today = ReminderPlanner.SchoolDate(time.GetUtcNow(), zone);
        var items = new List<InboxItem>();
        for (var day = today; day < today.AddDays(DaysAhead) && items.Count < MaxItems; day = day.AddDays(1))
        {
            var due = ReminderPlanner.PlanFor(profile, day, student).ToList();
            if (due.Count == 0) continue;
            var message = ReminderMessage.Compose(profile, due, day);
            items.Add(new InboxItem(day, message.Title, message.Text, message.Kinds));
        }
        return TypedResults.Ok(new ReminderInbox(true, items));
    }
}

public sealed record ReminderInbox(bool Bound, IReadOnlyList<InboxItem> Items);

/// <summary>One push as it would arrive: the day it would be sent, its title and text.</summary>
public sealed record InboxItem(DateOnly Date, string Title, string Text, IReadOnlyList<string> Kinds);
