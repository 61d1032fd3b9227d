using System.Text.RegularExpressions;

namespace Clearance.Knowledge.Authoring;

/// <summary>What one <c>kb import</c> wrote.</summary>
public sealed record ImportReport(IReadOnlyList<string> Written, IReadOnlyList<string> Kept, string? SchoolFile, IReadOnlyList<(string File, DraftGuide Draft)> Drafts);

/// <summary>
/// <c>kb import</c>: reads each document, plans its drafts and writes them into the school's folder as
/// <c>{file-stem}-NN.md</c> with <c>draft: true</c>. A file with that name that a person has already taken out of
/// draft is kept, never overwritten. A school without a <c>school.yml</c> gets one drafted from the same documents.
/// </summary>
public static partial class KnowledgeImport
{
    public static ImportReport Run(string schoolFolder, string school, IReadOnlyList<string> files)
    {
        Directory.CreateDirectory(schoolFolder);
        var written = new List<string>();
        var kept = new List<string>();
        var all = new List<(string File, DraftGuide Draft)>();
        var forSchool = new List<(string Id, DraftGuide Draft)>();
        string? schoolName = null;
        foreach (var file in files)
        {
            var lines = SourceDocument.Read(file);
            schoolName ??= lines.Select(l => SchoolName().Match(l.Text)).FirstOrDefault(m => m.Success)?.Value;
            var drafts = DocumentImporter.Plan(lines);
            var stem = DraftWriter.Stem(file);
            for (var i = 0; i < drafts.Count; i++)
            {
                var slug = $"{stem}-{i + 1:00}";
                var path = Path.Combine(schoolFolder, slug + ".md");
                if (File.Exists(path) && !IsDraft(File.ReadAllText(path)))
                {
                    kept.Add(path);
                    continue;
                }
                File.WriteAllText(path, DraftWriter.Render(school, slug, file, drafts[i]));
                written.Add(path);
                all.Add((path, drafts[i]));
                forSchool.Add(($"{school}/{slug}", drafts[i]));
            }
        }
        string? schoolFile = null;
        var profile = Path.Combine(schoolFolder, "school.yml");
        if (!File.Exists(profile))
        {
            File.WriteAllText(profile, DraftWriter.RenderSchool(school, schoolName, forSchool));
            schoolFile = profile;
        }
        return new ImportReport(written, kept, schoolFile, all);
    }

    private static bool IsDraft(string content) => DraftLine().IsMatch(content);

    [GeneratedRegex(@"^draft:\s*true\s*$", RegexOptions.Multiline)]
    private static partial Regex DraftLine();

    [GeneratedRegex(@"[\u4e00-\u9fa5]{2,8}大学")]
    private static partial Regex SchoolName();
}
