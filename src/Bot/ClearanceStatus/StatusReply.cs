using System.Globalization;
using System.Text;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Clearance.Knowledge.Answers;
using Clearance.Knowledge.Guides;
using Clearance.Knowledge.Schools;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// Writes a student's progress as chat text: ✓ / × per office in order, the details that explain each ×, what to do
/// and where to go (from the office's guide, for the student's campus when the guide lists campuses), and the
/// ordering rule. The text must fit one WeChat text message (2048 UTF-8 bytes). Every × keeps its name, its next step
/// and where to go whole — a student standing in the wrong building is what this reply exists to prevent — so the
/// text is made shorter by steps that give up what matters less (✓ lines collapse into one, notes shrink to a clause,
/// hours, fee rows and phones go), never by cutting a word or a number.
/// </summary>
public static class StatusReply
{
    public const int MaxBytes = 2048;

    /// <summary>How much a rendering keeps; <see cref="Steps"/> goes from everything to the bare minimum.</summary>
    private sealed record Compactness(
        bool CollapseDone = false,
        NoteForm Notes = NoteForm.Sentence,
        bool Hours = true,
        int Phones = 3,
        bool FeeRows = true,
        bool NameMissing = true,
        DetailForm Details = DetailForm.All,
        bool Ordering = true,
        bool Tight = false);

    private enum DetailForm
    {
        All,
        /// <summary>Counts and amounts only (未还册数 2, 总计欠款 550元): the numbers a student acts on.</summary>
        Numbers,
        None,
    }

    private enum NoteForm
    {
        Sentence,
        Clause,
        None,
    }

    // From the least missed to the most: the footer's repeat of the × names, hours, then the ✓ list, notes and fee
    // rows, phones, details, and the ordering rule (the last office's own line still says it waits for the others).
    private static readonly Compactness[] Steps =
    [
        new(),
        new(NameMissing: false),
        new(NameMissing: false, Hours: false),
        new(NameMissing: false, Hours: false, CollapseDone: true),
        new(NameMissing: false, Hours: false, CollapseDone: true, Notes: NoteForm.Clause, FeeRows: false),
        new(NameMissing: false, Hours: false, CollapseDone: true, Notes: NoteForm.Clause, FeeRows: false, Phones: 1),
        new(NameMissing: false, Hours: false, CollapseDone: true, Notes: NoteForm.None, FeeRows: false, Phones: 0),
        new(NameMissing: false, Hours: false, CollapseDone: true, Notes: NoteForm.None, FeeRows: false, Phones: 0, Details: DetailForm.Numbers),
        new(NameMissing: false, Hours: false, CollapseDone: true, Notes: NoteForm.None, FeeRows: false, Phones: 0, Details: DetailForm.None),
        new(NameMissing: false, Hours: false, CollapseDone: true, Notes: NoteForm.None, FeeRows: false, Phones: 0, Details: DetailForm.None, Ordering: false),
        // Every office open at a school with a dozen, and no campus on record so each place lists every campus: the
        // essentials alone are near 2048 bytes. The labels go, and a place that only repeats the office's name
        // ("所在学院研究生工作组" for 学院研究生工作组).
        new(NameMissing: false, Hours: false, CollapseDone: true, Notes: NoteForm.None, FeeRows: false, Phones: 0, Details: DetailForm.None, Ordering: false, Tight: true),
    ];

    /// <param name="identify">
    /// False for text that leaves the service (the language model's tool output): the progress is the student's own,
    /// and the model needs neither their name nor their student id to phrase it.
    /// </param>
    public static string Compose(ClearanceProgress progress, SchoolKnowledge? knowledge, bool identify = true)
    {
        var text = "";
        foreach (var step in Steps)
        {
            text = Render(progress, knowledge, identify, step);
            if (Encoding.UTF8.GetByteCount(text) <= MaxBytes) return text;
        }
        // Beyond what any shipped school produces (twenty offices with long details): whole lines from the top, so
        // what is shown is still never cut inside a word.
        return MessageText.FitAtLine(text, MaxBytes);
    }

    private static string Render(ClearanceProgress progress, SchoolKnowledge? knowledge, bool identify, Compactness step)
    {
        var lines = new List<string>();
        var student = progress.Student;
        var passed = progress.Offices.Count(o => o.Done);
        var who = identify ? $"{student.Name}（{student.StudentId}）" : "你的";
        lines.Add(step.Tight ? $"{who}离校进度 {passed}/{progress.Offices.Count}" : $"{who}离校进度：{passed}/{progress.Offices.Count} 项已完成");
        if (step.Ordering && OrderingLine(progress.School.Clearance) is { } ordering)
            lines.Add(ordering);
        if (step.CollapseDone)
        {
            var done = progress.Offices.Where(o => o.State != OfficeState.NotRequired && o.Done).Select(o => o.Office.Name).ToList();
            var notRequired = progress.Offices.Where(o => o.State == OfficeState.NotRequired).Select(o => o.Office.Name).ToList();
            if (done.Count > 0) lines.Add("✓ 已通过：" + string.Join('、', done));
            if (notRequired.Count > 0) lines.Add("✓ 无需办理：" + string.Join('、', notRequired));
        }
        foreach (var office in progress.Offices)
        {
            if (office.Done)
            {
                if (!step.CollapseDone)
                    lines.Add(office.State == OfficeState.NotRequired ? $"✓ {office.Office.Name}（无需办理）" : $"✓ {office.Office.Name}");
                continue;
            }
            var details = step.Details == DetailForm.None ? "" : DescribeDetails(office, step.FeeRows, numbersOnly: step.Details == DetailForm.Numbers);
            lines.Add($"× {office.Office.Name}{(details.Length > 0 ? "：" + details : "")}");
            if (NextStep(office) is { } next)
                lines.Add("  " + (step.Tight && next.StartsWith(AdviceLabel, StringComparison.Ordinal) ? next[AdviceLabel.Length..] : next));
            if (office.Status?.Note is { Length: > 0 } note && Note(note, step.Notes) is { } shown)
                lines.Add("  备注：" + shown);
            if (WhereToGo(office.Office, knowledge, student.Campus, step.Phones, step.Hours, omitNameOnly: step.Tight) is { Length: > 0 } where)
                lines.Add("  " + where);
        }
        lines.Add(Footer(progress, step.NameMissing));
        return string.Join('\n', lines);
    }

    /// <summary>
    /// What to do next at a × office, whole: waiting for the others at a last office, else the first sentence of the
    /// office's advice. Null when school.yml gives no advice.
    /// </summary>
    internal static string? NextStep(OfficeProgress office) =>
        office.WaitingForOthers ? "最后环节：其他环节全部 ✓ 后才能办理"
        : office.Office.Advice is { Length: > 0 } advice ? AdviceLabel + FirstSentence(advice)
        : null;

    private const string AdviceLabel = "办理：";

    /// <summary>
    /// A place that says no more than the office's name: the name itself, or "所在…(处)" around it (所在学院研究生工作组
    /// for 学院研究生工作组, 所在院系 for 院系).
    /// </summary>
    internal static bool NamesOnlyTheOffice(string place, Office office)
    {
        var bare = place.StartsWith("所在", StringComparison.Ordinal) ? place[2..] : place;
        if (bare.EndsWith('处') && !office.Name.EndsWith('处')) bare = bare[..^1];
        return bare == office.Name;
    }

    /// <summary>The ordering rule in one line: the school's short summary, else the first clause of the seed's rule.</summary>
    internal static string? OrderingLine(ClearanceProcess clearance)
    {
        var rule = clearance.OrderingSummary is { Length: > 0 } summary ? summary
            : clearance.OrderingRule is { Length: > 0 } full ? Clause(FirstSentence(full), 60) ?? FirstSentence(full)
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

    private static string Footer(ClearanceProgress progress, bool nameMissing)
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
        // The × lines above name them already; repeating the names is a convenience the tightest steps give up.
        return nameMissing ? $"还差 {missing.Count} 项：{string.Join('、', missing)}。{note}" : $"还差 {missing.Count} 项。{note}";
    }

    /// <summary>
    /// The details that explain a ×: fields in the order school.yml lists them, fee rows and the total. Empty fields and
    /// zeros (违章状态 0, 欠款金额 0) are left out: they are what is fine, and the line is about what is not.
    /// </summary>
    /// <param name="feeRows">False: the total (or the sum) and how many fee items, without a row each.</param>
    /// <param name="numbersOnly">Only fields whose value is a number (counts, amounts), and the total.</param>
    internal static string DescribeDetails(OfficeProgress office, bool feeRows = true, bool numbersOnly = false)
    {
        var details = office.Status?.Details;
        if (details is null || details.IsEmpty) return "";
        var parts = new List<string>();
        var named = office.Office.Details;
        foreach (var (key, value) in details.Fields
                     .Where(f => !string.IsNullOrWhiteSpace(f.Value) && !IsZero(f.Value) && (!numbersOnly || IsNumber(f.Value)))
                     .OrderBy(f => named.IndexOf(f.Key) is var i && i < 0 ? int.MaxValue : i))
        {
            parts.Add($"{key} {value}");
        }
        if (feeRows || details.Rows.Count <= 1)
        {
            foreach (var row in details.Rows)
                parts.Add($"{row.Year} {row.Item} {Money(row.Amount)}元");
        }
        else
        {
            parts.Add($"欠费 {details.Rows.Count} 项");
        }
        if ((details.Total ?? (feeRows || details.Rows.Count <= 1 ? null : details.Rows.Sum(r => r.Amount))) is { } total)
            parts.Add($"总计欠款 {Money(total)}元");
        return string.Join("；", parts);
    }

    /// <summary>
    /// Where, phone and hours: the guide's location for the student's campus, else the guide's or the office's own. The
    /// place is always whole; <paramref name="phones"/> and <paramref name="hours"/> say how much of the rest to give.
    /// </summary>
    internal static string WhereToGo(Office office, SchoolKnowledge? knowledge, string? campus, int phones = 3, bool hours = true, bool omitNameOnly = false)
    {
        var guide = knowledge?.FindGuide(office.Guide);
        var location = MatchCampus(guide, campus);
        var where = location?.Where ?? guide?.Where ?? office.Where;
        if (location is null && guide is not null && where is not null)
            where = WithRoom(where, guide.Room, guide.Window);
        var phoneList = location?.Phone is { Count: > 0 } lp ? lp : guide?.Phone is { Count: > 0 } gp ? gp : office.Phone;
        var hoursText = location?.Hours ?? guide?.Hours ?? office.Hours;
        var parts = new List<string>();
        if (where is { Length: > 0 } && !(omitNameOnly && NamesOnlyTheOffice(where, office))) parts.Add("地点：" + where);
        if (phones > 0 && phoneList.Count > 0) parts.Add("电话：" + string.Join('/', phoneList.Take(phones)));
        if (hours && hoursText is { Length: > 0 }) parts.Add("时间：" + hoursText);
        return string.Join("｜", parts);
    }

    /// <summary>
    /// A window or room the guide names separately helps at the counter; only the parts "where" does not already say are
    /// added. The whole value was compared before, so a guide listing one room per campus ("105室；DZ119室") whose
    /// "where" names both rooms got them appended again — "…105室；虎溪综合楼DZ119室，105室；DZ119室".
    /// </summary>
    internal static string WithRoom(string where, params string?[] extras)
    {
        foreach (var extra in extras)
        {
            if (extra is not { Length: > 0 }) continue;
            var missing = extra.Split(['；', '、', '，', ';', ',', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(part => !where.Contains(part, StringComparison.Ordinal))
                .ToList();
            if (missing.Count > 0) where += "，" + string.Join('、', missing);
        }
        return where;
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

    private static bool IsNumber(string value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _);

    private static bool IsZero(string value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number == 0;

    private static string CampusKey(string campus) => campus.Replace("校区", "").Replace("区", "").Trim();

    private static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['；', '。', ';']);
        return end > 0 ? text[..end] : text;
    }

    /// <summary>A staff note: its first sentence, or at the tighter steps its first clause if short; never cut inside.</summary>
    private static string? Note(string note, NoteForm form) => form switch
    {
        NoteForm.Sentence => FirstSentence(note) is var sentence && sentence.Length <= 80 ? sentence : Clause(sentence, 80),
        NoteForm.Clause => Clause(FirstSentence(note), 40),
        _ => null,
    };

    /// <summary>
    /// <paramref name="text"/> whole when it has at most <paramref name="chars"/> characters, else up to the last comma
    /// or enumeration mark before that, marked "…"; null when no such boundary exists (better nothing than half a word).
    /// </summary>
    private static string? Clause(string text, int chars)
    {
        if (text.Length <= chars) return text;
        var end = text.LastIndexOfAny(['，', '、', ',', ' '], chars - 1);
        return end > 0 ? text[..end] + "…" : null;
    }

    private static string Money(decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string FitBytes(string text) => MessageText.FitAtLine(text, MaxBytes);
}
