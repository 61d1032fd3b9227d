using Clearance.Knowledge;
using Clearance.Knowledge.Authoring;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Cli;

/// <summary>
/// <c>kb import --school X FILE…</c>: draft guides from .docx/.pdf/.html/.md/.txt into the school's folder (or
/// <c>--out DIR</c>), then what each draft needs reviewed. Drafts are not served until a person removes <c>draft: true</c>.
/// </summary>
public sealed class KbImportVerb(IOptions<KnowledgeOptions> options) : ICliVerb
{
    public string Name => "kb import";

    public string Usage => "kb import --school X [--out DIR] FILE…";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (named, files) = CliDispatcher.Parse(args);
        if (!named.TryGetValue("school", out var school) || files.Count == 0 || !System.Text.RegularExpressions.Regex.IsMatch(school, "^[a-z0-9-]+$"))
        {
            await output.WriteLineAsync("usage: " + Usage + "  (school ids are lower-case letters, digits and '-')");
            return 2;
        }
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            await output.WriteLineAsync($"not found: {string.Join(", ", missing)}");
            return 2;
        }
        var folder = named.GetValueOrDefault("out") ?? Path.Combine(options.Value.ResolveRoot(), school);
        ImportReport report;
        try
        {
            report = KnowledgeImport.Run(folder, school, files);
        }
        catch (ImportException e)
        {
            await output.WriteLineAsync("error: " + e.Message);
            return 1;
        }
        foreach (var (file, draft) in report.Drafts)
        {
            await output.WriteLineAsync($"draft {Path.GetFileName(file)}: {draft.Title}" + (draft.Office is null ? "" : $" ({draft.Office})")
                + $", {draft.Phones.Count} phones, {draft.Dates.Count} dates, {draft.Fees.Count} fees");
            foreach (var item in draft.Review.Where(r => !r.StartsWith("add keywords", StringComparison.Ordinal)))
                await output.WriteLineAsync("  review: " + item);
        }
        foreach (var file in report.Kept) await output.WriteLineAsync($"kept {Path.GetFileName(file)}: already reviewed (no draft: true), not overwritten");
        if (report.SchoolFile is not null) await output.WriteLineAsync($"drafted {report.SchoolFile}: check its name, offices and calendar");
        await output.WriteLineAsync($"{report.Written.Count} drafts written to {folder}; not served until 'draft: true' is removed. Next: kb lint --school {school}");
        return 0;
    }
}
