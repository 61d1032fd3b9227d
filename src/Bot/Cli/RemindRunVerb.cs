using System.Globalization;
using Clearance.Bot.Reminders;

namespace Clearance.Bot.Cli;

/// <summary>
/// <c>remind run --school cqu --date 2026-06-20</c>: plans the reminders due that day and sends them now, without a
/// Hangfire server. Idempotent: a second run finds every delivery already written and finished, and sends nothing.
/// </summary>
public sealed class RemindRunVerb(ReminderRunner runner, ReminderPreview preview) : ICliVerb
{
    public string Name => "remind run";

    public string Usage => "remind run --school <id> [--date YYYY-MM-DD]   (default: today in the school's time zone)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, positional) = CliDispatcher.Parse(args);
        if (!options.TryGetValue("school", out var school) || positional.Count > 0)
        {
            await output.WriteLineAsync("usage: " + Usage);
            return 2;
        }
        if (!runner.Schools.Contains(school, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"error: unknown school '{school}'");
            return 2;
        }
        DateOnly date;
        if (!options.TryGetValue("date", out var dateText))
        {
            date = runner.Today(school);
        }
        else if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            await output.WriteLineAsync($"error: --date must be YYYY-MM-DD, not '{dateText}'");
            return 2;
        }
        // What will not go out now, and why, read before the run changes anything: the totals alone said
        // "planned 2, sent 0, deferred 0" at night and "skipped" for a missing template id.
        var notNow = (await preview.PreviewAsync(school, date, cancellationToken)).Where(i => i.Outcome != ReminderPreview.Send).ToList();
        var report = await runner.RunDayAsync(school, date, cancellationToken);
        var send = report.Send;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{school} {date:yyyy-MM-dd}: due {report.Plan.Due}, planned {report.Plan.Planned}, sent {send.Sent} in {send.Messages} messages, " +
            $"skipped {send.Skipped}, failed {send.Failed}, dead-lettered {send.DeadLettered}, retrying {send.Retrying}, deferred {send.Deferred}, uncertain {report.Uncertain}"));
        if (send.Deferred > 0 && send.RetryAt is { } at)
            await output.WriteLineAsync($"quiet hours: deferred deliveries go out from {at.ToOffset(runner.Profile(school).ResolveTimeZone().GetUtcOffset(at)):yyyy-MM-dd HH:mm zzz} (run again then, or let the service send them)");
        foreach (var line in ReminderPreview.Lines(notNow, runner.Profile(school).ResolveTimeZone()).SkipLast(1))
            await output.WriteLineAsync("not sent now: " + line);
        return send.Failed + send.DeadLettered > 0 ? 1 : 0;
    }
}
