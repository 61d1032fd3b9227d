using Clearance.Integrations.Records;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Clearance.Knowledge.Schools;

namespace Clearance.Bot.Reminders;

/// <summary>
/// One message to one student: one reminder, or several due at once as a digest. Rendered at send time, relative to
/// the day it goes out ("明天", "还有7天"), so a reminder deferred by quiet hours still says the right thing.
/// </summary>
public sealed partial record ReminderMessage(string Title, string Text, IReadOnlyList<string> Kinds, DateOnly EarliestEvent)
{
    /// <summary>Template fields hold ≤ 20 characters of <c>thing</c>; the full text goes where there is room.</summary>
    public const int ThingLength = 20;

    public string ShortTitle => Cut(Title, ThingLength);

    /// <summary>A short action for the template's second <c>thing</c> field.</summary>
    public string ShortHint => Cut(Kinds.Count > 1 ? $"共{Kinds.Count}项提醒，详见消息" : Hint(Kinds[0]), ThingLength);

    public static ReminderMessage Compose(SchoolProfile school, IReadOnlyList<DueReminder> due, DateOnly today)
    {
        if (due.Count == 0) throw new ArgumentException("a message needs at least one reminder", nameof(due));
        var ordered = due.OrderBy(d => ReminderKinds.Order(d.Kind)).ThenBy(d => d.EventDate).ToList();
        var mainSeedYear = ReminderPlanner.MainSeedYear(school);
        var parts = ordered.Select(d => Render(d, today, mainSeedYear)).ToList();
        var kinds = ordered.Select(d => d.Kind).Distinct(StringComparer.Ordinal).ToList();
        if (parts.Count == 1)
            return new ReminderMessage(parts[0].Title, parts[0].Body, kinds, ordered[0].EventDate);
        var text = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0) text.Append("\n\n");
            text.Append(i + 1).Append(". 【").Append(parts[i].Title).Append("】\n").Append(parts[i].Body);
        }
        return new ReminderMessage($"{school.Name}离校提醒（{parts.Count}项）", text.ToString(), kinds, ordered.Min(d => d.EventDate));
    }

    private static (string Title, string Body) Render(DueReminder due, DateOnly today, int mainSeedYear)
    {
        var entry = due.Entry;
        var when = $"{Day(due.EventDate)}（{Relative(due.EventDate, today)}）";
        var note = Note(entry, due.EventDate, mainSeedYear);
        switch (due.Kind)
        {
            case ReminderKinds.LoanRepayment:
                return ("还贷提醒", $"{entry.Title}：{when}。{note}");
            case ReminderKinds.CardExpiry:
            {
                var advice = note.Contains("余额", StringComparison.Ordinal) ? "" : "请提前花完或转出卡内余额。";
                return ("校园卡即将失效", $"{entry.Title}：{when}。{note}{advice}");
            }
            case ReminderKinds.CardStop:
                return ("校园卡停用提醒", $"{entry.Title}：{when}。卡内余额和需退的费用请在停用前处理。");
            case ReminderKinds.WindowOpen:
            {
                var until = due.WindowClose is { } close ? $"，至{Day(close)}截止" : "";
                return ("离校手续开始办理", $"{entry.Title}：{when}起可以办理离校手续{until}。发送“我的离校进度”查看各部门办理情况。");
            }
            case ReminderKinds.WindowClosing:
                return ("离校手续即将截止", $"{entry.Title}：{when}。{note}发送“我的离校进度”查看还差哪些。");
            case ReminderKinds.PendingOffices:
            {
                var text = new StringBuilder($"离校手续还有 {due.PendingOffices.Count} 项未办");
                if (due.WindowClose is { } close) text.Append($"（{Day(close)}截止，{Relative(close, today)}）");
                text.Append('：');
                foreach (var office in due.PendingOffices)
                {
                    text.Append("\n× ").Append(office.Name);
                    if (office.Where is { Length: > 0 } where) text.Append("｜地点：").Append(where);
                    if (office.Phone.Count > 0) text.Append("｜电话：").Append(string.Join('、', office.Phone));
                }
                return ("离校待办提醒", text.ToString());
            }
            default:
                // Important dates and any calendar entry without words of its own: the entry speaks for itself.
                return (entry.Title, $"{entry.Title}：{when}。{note}");
        }
    }

    /// <summary>
    /// The calendar notes quote the seed's own year ("2018年7月10日批量停用2018届毕业生校园卡"); the reminder speaks of
    /// this year's cohort, so the seed years are moved by the same distance as the dates.
    /// </summary>
    internal static string Note(CalendarEntry entry, DateOnly eventDate, int mainSeedYear)
    {
        var note = entry.Note?.Trim() ?? "";
        if (note.Length == 0 || mainSeedYear == 0) return note;
        var cohort = eventDate.Year - ReminderPlanner.YearOffset(entry, mainSeedYear);
        var shift = cohort - mainSeedYear;
        if (shift == 0) return note;
        return SeedYear().Replace(note, m =>
        {
            var year = int.Parse(m.Value, CultureInfo.InvariantCulture);
            return year >= mainSeedYear && year <= mainSeedYear + 2 ? (year + shift).ToString(CultureInfo.InvariantCulture) : m.Value;
        });
    }

    internal static string Day(DateOnly date) => $"{date.Month}月{date.Day}日";

    internal static string Relative(DateOnly date, DateOnly today) => (date.DayNumber - today.DayNumber) switch
    {
        0 => "今天",
        1 => "明天",
        2 => "后天",
        < 0 and var d => $"{-d}天前",
        var d => $"还有{d}天",
    };

    private static string Hint(string kind) => kind switch
    {
        ReminderKinds.LoanRepayment => "请按时还款，贴息截止后计息",
        ReminderKinds.CardExpiry => "请处理卡内余额",
        ReminderKinds.CardStop => "校园卡即将停用",
        ReminderKinds.WindowOpen => "离校手续开始办理",
        ReminderKinds.WindowClosing => "离校手续即将截止",
        ReminderKinds.PendingOffices => "还有离校手续未办",
        ReminderKinds.ImportantDates => "离校相关重要日期",
        _ => "离校提醒",
    };

    internal static string Cut(string text, int length) =>
        text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");

    /// <summary>Cuts to a UTF-8 byte budget (WeCom card descriptions hold 512 bytes) without splitting a character.</summary>
    internal static string FitBytes(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes) return text;
        var budget = maxBytes - Encoding.UTF8.GetByteCount("…");
        var end = 0;
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget) break;
            used += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }
        return string.Concat(text.AsSpan(0, end), "…");
    }

    [GeneratedRegex(@"(?<!\d)(19|20)\d{2}(?!\d)")]
    private static partial Regex SeedYear();
}
