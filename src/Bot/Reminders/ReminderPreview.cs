using Clearance.Integrations.Records;
using Clearance.Bot.Conversation;
using Clearance.Integrations.WeChat;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Reminders;

/// <summary>What would happen to one due reminder: <c>send</c>, <c>held</c> (quiet hours, until <see cref="Until"/>) or <c>cannot</c>.</summary>
public sealed record PreviewItem(string StudentId, string Kind, DateOnly EventDate, string Outcome, string Why, DateTimeOffset? Until = null);

/// <summary>
/// <c>remind preview</c>: the reminders a day's run would send, hold or not send, and why — from the same planner, the
/// same subscriptions and the same template configuration the sender uses, without writing or sending anything.
/// </summary>
public sealed class ReminderPreview(ReminderStore store, ReminderRunner runner, IOptions<WeChatOptions> wechat, IOptions<ReminderOptions> options, TimeProvider time)
{
    public const string Send = "send";
    public const string Held = "held";
    public const string Cannot = "cannot";

    public async Task<IReadOnlyList<PreviewItem>> PreviewAsync(string school, DateOnly date, CancellationToken cancellationToken)
    {
        var profile = runner.Profile(school);
        var zone = profile.ResolveTimeZone();
        var now = time.GetUtcNow();
        var quiet = options.Value.QuietHours;
        DateTimeOffset? heldUntil = quiet.IsQuiet(now, zone) ? quiet.NextAllowed(now, zone) : null;
        var items = new List<PreviewItem>();
        foreach (var s in await store.LoadSubscribedAsync(school, null, cancellationToken))
        {
            foreach (var due in ReminderPlanner.PlanFor(profile, date, PlannerStudent.From(s, zone)))
            {
                var why = $"{due.Entry.Title} {due.EventDate:yyyy-MM-dd}";
                if (!s.Subscriptions.Wants(due.Kind))
                    items.Add(new PreviewItem(s.Student.StudentId, due.Kind, due.EventDate, Cannot, $"{why}; not subscribed to {due.Kind}"));
                else if (s.Subscriptions.Address is not { } address)
                    items.Add(new PreviewItem(s.Student.StudentId, due.Kind, due.EventDate, Cannot, $"{why}; no conversation to send to"));
                else if (CannotSend(address, due.Kind) is { } reason)
                    items.Add(new PreviewItem(s.Student.StudentId, due.Kind, due.EventDate, Cannot, $"{why}; {reason}"));
                else if (heldUntil is { } until)
                    items.Add(new PreviewItem(s.Student.StudentId, due.Kind, due.EventDate, Held, $"{why}; quiet hours {quiet.Start:HH\\:mm}–{quiet.End:HH\\:mm}", until));
                else
                    items.Add(new PreviewItem(s.Student.StudentId, due.Kind, due.EventDate, Send, $"{why}; via {address.Channel}/{address.Account}"));
            }
        }
        return items;
    }

    private string? CannotSend(ReminderAddress address, string kind)
    {
        if (address.Channel == Channel.Work.Name) return null;
        if (address.Channel != Channel.Mp.Name) return $"channel '{address.Channel}' cannot receive pushes";
        if (wechat.Value.Find(address.Account) is not { } account) return $"MP account '{address.Account}' is not configured";
        return MpTemplateReminders.TemplateFor(account, [kind]) is null
            ? $"no template id for {kind} in WeChat:Accounts:{address.Account}:TemplateIds"
            : null;
    }

    /// <summary>The preview as lines: one per reminder, then a total per outcome.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<PreviewItem> items, TimeZoneInfo zone)
    {
        foreach (var item in items.OrderBy(i => i.Outcome, StringComparer.Ordinal).ThenBy(i => i.StudentId, StringComparer.Ordinal))
        {
            var until = item.Until is { } u ? $" until {TimeZoneInfo.ConvertTime(u, zone):yyyy-MM-dd HH:mm}" : "";
            yield return $"{item.Outcome,-6} {item.StudentId} {item.Kind}{until}: {item.Why}";
        }
        yield return $"would send {items.Count(i => i.Outcome == Send)}, hold {items.Count(i => i.Outcome == Held)}, not send {items.Count(i => i.Outcome == Cannot)}";
    }
}
