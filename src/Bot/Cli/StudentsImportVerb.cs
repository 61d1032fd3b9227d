using Clearance.Bot.ClearanceStatus;
using System.Text;

namespace Clearance.Bot.Cli;

/// <summary>
/// <c>students import --school cqu roster.csv [--confirm-passed]</c>: loads or updates a school's graduates, all rows or
/// none. What was imported goes to stdout; bad rows (with their line numbers) and rows touching offices already passed go
/// to stderr with a non-zero exit.
/// </summary>
public sealed class StudentsImportVerb(RosterImport roster) : ICliVerb
{
    public string Name => "students import";

    public string Usage => "students import --school <id> <roster.csv|roster.json> [--confirm-passed]";

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(args, output, output, cancellationToken);

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (options, positional) = CliDispatcher.Parse(args);
        if (!options.TryGetValue("school", out var school) || positional.Count != 1)
        {
            await error.WriteLineAsync("usage: " + Usage);
            return 2;
        }
        var path = positional[0];
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"error: file not found: {path}");
            return 2;
        }
        var content = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken);
        var format = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? RosterFormat.Json : RosterImport.Detect(null, content);
        var confirmPassed = options.GetValueOrDefault("confirm-passed") == "true";
        var report = await roster.ImportAsync(school, content, format, "cli", confirmPassed, cancellationToken);
        var file = Path.GetFileName(path);
        switch (report?.Outcome)
        {
            case null:
                await error.WriteLineAsync($"error: unknown school '{school}'");
                return 2;
            case RosterOutcome.Rejected:
                foreach (var e in report.Errors) await error.WriteLineAsync($"error: {file}:{e.Line}: {e.Message}");
                if (report.ErrorCount > report.Errors.Count)
                    await error.WriteLineAsync($"error: … and {report.ErrorCount - report.Errors.Count} more");
                await error.WriteLineAsync($"{school}: {report.ErrorCount} bad row(s); nothing from {file} was imported");
                return 1;
            case RosterOutcome.NeedsConfirmation:
                foreach (var w in report.PassedOffices) await error.WriteLineAsync($"warning: {file}:{w.Line}: {w.Message}");
                await error.WriteLineAsync($"{school}: {report.PassedOffices.Count} row(s) change offices already passed; nothing from {file} was imported. "
                                           + "Check them, then run again with --confirm-passed to import (those offices stay passed).");
                return 1;
        }
        await output.WriteLineAsync($"{school}: {report.Created.Count} created, {report.Updated.Count} updated, {report.Unchanged} unchanged");
        if (report.Created.Count > 0) await output.WriteLineAsync("created: " + string.Join(' ', report.Created));
        if (report.Updated.Count > 0) await output.WriteLineAsync("updated: " + string.Join(' ', report.Updated));
        foreach (var w in report.PassedOffices) await error.WriteLineAsync($"warning: {file}:{w.Line}: {w.Message} (confirmed)");
        return 0;
    }
}
