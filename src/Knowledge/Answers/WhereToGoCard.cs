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

    private static string? Missing(string? where, string? part) =>
        part is not null && (where is null || !where.Contains(part, StringComparison.Ordinal)) ? part : null;

    private static bool Mentions(string question, string campus)
    {
        var c = campus.ToLowerInvariant();
        if (question.Contains(c, StringComparison.Ordinal)) return true;
        // "A区研工办" names campus "A区"; "虎溪" names "虎溪校区".
        var stem = c.Replace("校区", "", StringComparison.Ordinal);
        return stem.Length >= 2 && question.Contains(stem, StringComparison.Ordinal);
    }
}
