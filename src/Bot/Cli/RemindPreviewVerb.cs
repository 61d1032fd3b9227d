using System.Globalization;
using Clearance.Bot.Reminders;

namespace Clearance.Bot.Cli;

/// <summary><c>remind preview --school X --date D</c>: who would get which reminder and why, what is held and what cannot be sent — nothing written or sent.</summary>
public sealed class RemindPreviewVerb(ReminderPreview preview, ReminderRunner runner) : ICliVerb
{
    public string Name => "remind preview";

    public string Usage => "remind preview --school <id> [--date YYYY-MM-DD]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, positional) = CliDispatcher.Parse(args);
        if (!options.TryGetValue("school", out var school) || positional.Count > 0 || !runner.Schools.Contains(school, StringComparer.Ordinal))
        {
            await output.WriteLineAsync("usage: " + Usage);
            return 2;
        }
        var date = runner.Today(school);
        if (options.TryGetValue("date", out var text) && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            await output.WriteLineAsync($"error: --date must be YYYY-MM-DD, not '{text}'");
            return 2;
        }
        var items = await preview.PreviewAsync(school, date, cancellationToken);
        await output.WriteLineAsync($"{school} {date:yyyy-MM-dd}: preview, nothing is sent");
        foreach (var line in ReminderPreview.Lines(items, runner.Profile(school).ResolveTimeZone())) await output.WriteLineAsync(line);
        return 0;
    }
}
