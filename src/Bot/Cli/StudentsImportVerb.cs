using Clearance.Bot.ClearanceStatus;
using System.Text;

namespace Clearance.Bot.Cli;

/// <summary><c>students import --school cqu roster.csv</c>: loads or updates a school's graduates; bad rows are listed with their line numbers.</summary>
public sealed class StudentsImportVerb(RosterImport roster) : ICliVerb
{
    public string Name => "students import";

    public string Usage => "students import --school <id> <roster.csv|roster.json>";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, positional) = CliDispatcher.Parse(args);
        if (!options.TryGetValue("school", out var school) || positional.Count != 1)
        {
            await output.WriteLineAsync("usage: " + Usage);
            return 2;
        }
        var path = positional[0];
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"error: file not found: {path}");
            return 2;
        }
        var content = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken);
        var format = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? RosterFormat.Json : RosterImport.Detect(null, content);
        var report = await roster.ImportAsync(school, content, format, "cli", cancellationToken);
        if (report is null)
        {
            await output.WriteLineAsync($"error: unknown school '{school}'");
            return 2;
        }
        await output.WriteLineAsync($"{school}: {report.Created.Count} created, {report.Updated.Count} updated, {report.Unchanged} unchanged, {report.Errors.Count} errors");
        if (report.Created.Count > 0) await output.WriteLineAsync("created: " + string.Join(' ', report.Created));
        if (report.Updated.Count > 0) await output.WriteLineAsync("updated: " + string.Join(' ', report.Updated));
        foreach (var error in report.Errors) await output.WriteLineAsync($"error: {Path.GetFileName(path)}:{error.Line}: {error.Message}");
        return report.Errors.Count == 0 ? 0 : 1;
    }
}
