using System.Globalization;
using System.Text;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Clearance.Knowledge.Guides;
using Clearance.Knowledge.Schools;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// Writes a student's progress as chat text: ✓ / × per office in order, the details that explain each ×, what to do
/// and where to go (from the office's guide, for the student's campus when the guide lists campuses), and the
/// ordering rule. The text must fit a WeChat text message (2048 UTF-8 bytes), so it is compact and trimmed by priority.
/// </summary>
public static class StatusReply
{
    public const int MaxBytes = 2048;

    private enum Weight
    {
        Essential,
        Detail,
        Advice,
    }

    private sealed record Line(string Text, Weight Weight);

    /// <param name="identify">
    /// False for text that leaves the service (the language model's tool output): the progress is the student's own,
    /// and the model needs neither their name nor their student id to phrase it.
    /// </param>
    public static string Compose(ClearanceProgress progress, SchoolKnowledge? knowledge, bool identify = true)
    {
        var lines = new List<Line>();
        var student = progress.Student;
        var passed = progress.Offices.Count(o => o.Done);
        var who = identify ? $"{student.Name}（{student.StudentId}）" : "你的";
        lines.Add(new($"{who}离校进度：{passed}/{progress.Offices.Count} 项已完成", Weight.Essential));
        // Second, not last: Fit never drops an essential line, and a last-resort byte cut takes from the end.
        if (OrderingLine(progress.School.Clearance) is { } ordering)
            lines.Add(new(ordering, Weight.Essential));
        foreach (var office in progress.Offices)
        {
            if (office.Done)
            {
                lines.Add(new(office.State == OfficeState.NotRequired ? $"✓ {office.Office.Name}（无需办理）" : $"✓ {office.Office.Name}", Weight.Essential));
                continue;
            }
            var details = DescribeDetails(office);
            lines.Add(new($"× {office.Office.Name}{(details.Length > 0 ? "：" + details : "")}", Weight.Essential));
            if (office.WaitingForOthers)
                lines.Add(new("  最后环节：其他环节全部 ✓ 后才能办理", Weight.Essential));
            if (office.Status?.Note is { Length: > 0 } note)
                lines.Add(new("  备注：" + Cut(note, 40), Weight.Detail));
            if (!office.WaitingForOthers && office.Office.Advice is { Length: > 0 } advice)
                lines.Add(new("  办理：" + Cut(FirstSentence(advice), 48), Weight.Advice));
            if (WhereToGo(office.Office, knowledge, student.Campus) is { Length: > 0 } where)
                lines.Add(new("  " + where, Weight.Detail));
        }
        lines.Add(new(Footer(progress), Weight.Essential));
        return Fit(lines);
    }

    /// <summary>The ordering rule in one line: the school's short summary, else the first clause of the seed's rule.</summary>
    internal static string? OrderingLine(ClearanceProcess clearance)
    {
        var rule = clearance.OrderingSummary is { Length: > 0 } summary ? summary
            : clearance.OrderingRule is { Length: > 0 } full ? Cut(FirstSentence(full), 60)
            : null;
        return rule is null ? null : "顺序：" + rule;
    }

    /// <summary>Shown when the status source is down: the offices' phones, so the student can still ask.</summary>
    public static string Unavailable(SchoolProfile profile)
    {
        var text = new StringBuilder("离校进度查询暂时不可用，请稍后再试。可直接电话咨询：");
        foreach (var office in profile.Clearance.Offices.OrderBy(o => o.Order).Where(o => o.Phone.Count > 0))
            text.Append('\n').Append(office.Name).Append(' ').Append(string.Join('/', office.Phone));
        if (profile.Contact.Phone.Count > 0)
            text.Append('\n').Append(profile.Contact.Office ?? "咨询").Append(' ').Append(string.Join('/', profile.Contact.Phone));
        return FitBytes(text.ToString());
    }

    private static string Footer(ClearanceProgress progress)
    {
        if (progress.Submitted)
            return $"已于 {progress.Record.SubmittedAt!.Value.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd} 提交离校，无需再次提交。";
        if (progress.Complete)
        {
            return progress.School.Clearance.SubmitOnce
                ? "全部通过！回复“提交离校”提交离校服务（只能提交一次）。"
                : "全部环节已完成。";
        }
        var missing = progress.Missing.Select(o => o.Office.Name).ToList();
        var note = progress.School.Clearance.SubmitOnce ? "全部通过后才能提交离校（只能提交一次）。" : "";
        return $"还差 {missing.Count} 项：{string.Join('、', missing)}。{note}";
    }

    /// <summary>
    /// The details that explain a ×: fields in the order school.yml lists them, fee rows and the total. Empty fields and
    /// zeros (违章状态 0, 欠款金额 0) are left out: they are what is fine, and the line is about what is not.
    /// </summary>
    internal static string DescribeDetails(OfficeProgress office)
    {
        var details = office.Status?.Details;
        if (details is null || details.IsEmpty) return "";
        var parts = new List<string>();
        var named = office.Office.Details;
        foreach (var (key, value) in details.Fields
                     .Where(f => !string.IsNullOrWhiteSpace(f.Value) && !IsZero(f.Value))
                     .OrderBy(f => named.IndexOf(f.Key) is var i && i < 0 ? int.MaxValue : i))
        {
            parts.Add($"{key} {value}");
        }
        foreach (var row in details.Rows)
            parts.Add($"{row.Year} {row.Item} {Money(row.Amount)}元");
        if (details.Total is { } total)
            parts.Add($"总计欠款 {Money(total)}元");
        return string.Join("；", parts);
    }

    /// <summary>Where, phone and hours: the guide's location for the student's campus, else the guide's or the office's own.</summary>
    internal static string WhereToGo(Office office, SchoolKnowledge? knowledge, string? campus)
    {
        var guide = knowledge?.FindGuide(office.Guide);
        var location = MatchCampus(guide, campus);
        var where = location?.Where ?? guide?.Where ?? office.Where;
        if (location is null && guide is not null && where is not null)
        {
            // A window or room the guide names separately helps at the counter; skip it when "where" already says it.
            foreach (var extra in new[] { guide.Room, guide.Window })
            {
                if (extra is { Length: > 0 } && !where.Contains(extra, StringComparison.Ordinal))
                    where += "，" + extra;
            }
        }
        var phones = location?.Phone is { Count: > 0 } lp ? lp : guide?.Phone is { Count: > 0 } gp ? gp : office.Phone;
        var hours = location?.Hours ?? guide?.Hours ?? office.Hours;
        var parts = new List<string>();
        if (where is { Length: > 0 }) parts.Add("地点：" + Cut(where, 60));
        if (phones.Count > 0) parts.Add("电话：" + string.Join('/', phones.Take(3)));
        if (hours is { Length: > 0 }) parts.Add("时间：" + Cut(hours, 30));
        return string.Join("｜", parts);
    }

    internal static GuideLocation? MatchCampus(Guide? guide, string? campus)
    {
        if (guide is null || string.IsNullOrWhiteSpace(campus) || guide.Locations.Count == 0) return null;
        var wanted = CampusKey(campus);
        foreach (var location in guide.Locations)
        {
            if (location.Campus is null) continue;
            // "A区" matches "A、B、C校区"; "虎溪" matches "虎溪校区".
            var names = location.Campus.Split(['、', '/', '，', ','], StringSplitOptions.RemoveEmptyEntries).Select(CampusKey);
            if (names.Any(n => n.Length > 0 && (n == wanted || n.Contains(wanted, StringComparison.Ordinal) || wanted.Contains(n, StringComparison.Ordinal))))
                return location;
        }
        return null;
    }

    private static bool IsZero(string value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number == 0;

    private static string CampusKey(string campus) => campus.Replace("校区", "").Replace("区", "").Trim();

    private static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['；', '。', ';']);
        return end > 0 ? text[..end] : text;
    }

    private static string Cut(string text, int chars) => text.Length <= chars ? text : text[..(chars - 1)] + "…";

    private static string Money(decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Drops advice, then details, from the bottom up until the text fits; a last resort cuts bytes.</summary>
    private static string Fit(List<Line> lines)
    {
        string Join() => string.Join('\n', lines.Select(l => l.Text));
        foreach (var weight in new[] { Weight.Advice, Weight.Detail })
        {
            for (var i = lines.Count - 1; i >= 0 && Encoding.UTF8.GetByteCount(Join()) > MaxBytes; i--)
            {
                if (lines[i].Weight == weight) lines.RemoveAt(i);
            }
        }
        return FitBytes(Join());
    }

    internal static string FitBytes(string text) => Clearance.Knowledge.Answers.MessageText.Fit(text, MaxBytes);
}
