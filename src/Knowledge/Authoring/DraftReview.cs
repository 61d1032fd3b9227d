using Clearance.Knowledge.Guides;
using YamlDotNet.RepresentationModel;

namespace Clearance.Knowledge.Authoring;

/// <summary>
/// What a person must check before a draft guide goes live: its <c>review:</c> front-matter list (written by
/// <c>kb import</c>: a phone attached to no office, a date without a year, a passage it could not place) and the
/// <c>draft: true</c> line itself.
/// </summary>
public static class DraftReview
{
    public static IReadOnlyList<string> Items(Guide draft)
    {
        var items = new List<string>();
        if (File.Exists(draft.FilePath)) items.AddRange(ReviewList(File.ReadAllText(draft.FilePath)));
        items.Add("draft: remove the 'draft: true' line once reviewed to serve it");
        return items;
    }

    internal static IEnumerable<string> ReviewList(string content)
    {
        var lines = content.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---") yield break;
        var close = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (close < 0) yield break;
        var stream = new YamlStream();
        stream.Load(new StringReader(string.Join('\n', lines[1..close])));
        if (stream.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode map) yield break;
        if (!map.Children.TryGetValue(new YamlScalarNode("review"), out var node) || node is not YamlSequenceNode seq) yield break;
        foreach (var item in seq.Children.OfType<YamlScalarNode>())
        {
            if (!string.IsNullOrWhiteSpace(item.Value)) yield return item.Value!;
        }
    }
}
