using System.Text;
using Clearance.Knowledge.Guides;

namespace Clearance.Knowledge.Answers;

/// <summary>The "where to go" lines of an answer: place, window/room, phone, hours — per campus where they differ.</summary>
public static class WhereToGoCard
{
    public static string Render(Guide guide, string normalizedQuestion)
    {
        var sb = new StringBuilder();
        var place = string.Join(" ", new[] { guide.Where, Missing(guide.Where, guide.Window), Missing(guide.Where, guide.Room) }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (place.Length > 0) sb.Append("📍 地点：").Append(place).Append('\n');
        var locations = guide.Locations.ToList();
        // When the student names a campus, show that campus first.
        var named = locations.Where(l => l.Campus is { } c && Mentions(normalizedQuestion, c)).ToList();
        foreach (var location in named.Concat(locations.Except(named)))
        {
            sb.Append("· ").Append(location.Campus is null ? "" : location.Campus + "：").Append(location.Where);
            if (location.Phone.Count > 0) sb.Append("，电话 ").Append(string.Join("、", location.Phone));
            if (location.Hours is not null) sb.Append("（").Append(location.Hours).Append('）');
            sb.Append('\n');
        }
        if (guide.Phone.Count > 0) sb.Append("☎ 电话：").Append(string.Join("、", guide.Phone)).Append('\n');
        if (guide.Hours is not null) sb.Append("🕘 时间：").Append(guide.Hours).Append('\n');
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// The pieces of a window or room field (separated by ；) that the place does not already name. "9号、10号窗口"
    /// is named by "DZ106室9、10号窗口": the comparison ignores 号 and the list commas between numbers.
    /// </summary>
    private static string? Missing(string? where, string? part)
    {
        if (part is null) return null;
        if (where is null) return part;
        var named = Essential(where);
        var missing = part.Split(['；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(piece => !named.Contains(Essential(piece), StringComparison.Ordinal))
            .ToList();
        return missing.Count == 0 ? null : string.Join("；", missing);
    }

    private static string Essential(string text) => new([.. text.Where(c => c is not ('号' or '、' or ' ' or ','))]);

    internal static bool Mentions(string question, string campus)
    {
        var c = campus.ToLowerInvariant();
        if (question.Contains(c, StringComparison.Ordinal)) return true;
        // "A区研工办" names campus "A区"; "虎溪" names "虎溪校区".
        var stem = c.Replace("校区", "", StringComparison.Ordinal);
        return stem.Length >= 2 && question.Contains(stem, StringComparison.Ordinal);
    }
}
