using System.Text.RegularExpressions;

namespace Clearance.Knowledge.Authoring;

/// <summary>A value the importer took from the document, with the line it came from.</summary>
public sealed record TracedValue(string Kind, string Value, int Line);

/// <summary>One draft guide: a service or office found from the document's headings and numbered parts.</summary>
public sealed class DraftGuide
{
    public required string Title { get; init; }
    /// <summary>The headings above and including this one, as the document wrote them.</summary>
    public required IReadOnlyList<string> Headings { get; init; }
    public required int FirstLine { get; init; }
    public required int LastLine { get; init; }
    public string? Office { get; set; }
    public string? Window { get; set; }
    public string? Room => Rooms.Count == 0 ? null : string.Join("；", Rooms);
    public List<string> Rooms { get; } = [];
    public string? Where { get; set; }
    public string? Hours { get; set; }
    public List<string> Campuses { get; } = [];
    public List<string> Phones { get; } = [];
    public List<string> Fees { get; } = [];
    public List<string> Dates { get; } = [];
    public List<TracedValue> Trace { get; } = [];
    public List<(string Heading, List<string> Lines)> Sections { get; } = [];
    public List<string> Review { get; } = [];
}

/// <summary>
/// Turns a document's lines into draft guides. Headings come from the format (Word styles, h1–h6, #) or, in plain
/// text and PDFs, from the wording schools use for them (一、 （一） 第一步 1． 2.1 N号窗口). Each heading with text of
/// its own becomes a draft; a sub-heading that names a section (申请材料, 服务流程…) stays a section of its parent.
/// Office, window, phones and hours stated above a service are inherited by it, as the documents mean them to be.
/// </summary>
public static partial class DocumentImporter
{
    public static IReadOnlyList<DraftGuide> Plan(IReadOnlyList<SourceLine> lines)
    {
        var nodes = BuildTree(lines);
        var drafts = new List<DraftGuide>();
        foreach (var node in nodes.Where(n => n.Body.Count > 0 || n.Children.Count == 0 && n.Heading is not null))
        {
            var draft = MakeDraft(node);
            if (draft.Sections.Count > 0 || draft.Phones.Count > 0) drafts.Add(draft);
        }
        return drafts;
    }

    private sealed class Node
    {
        public string? Heading;
        public int Level;
        public int Line;
        public Node? Parent;
        public List<SourceLine> Body { get; } = [];
        public List<Node> Children { get; } = [];

        public IEnumerable<Node> Ancestors()
        {
            for (var n = Parent; n is not null; n = n.Parent) yield return n;
        }
    }

    private static List<Node> BuildTree(IReadOnlyList<SourceLine> lines)
    {
        var root = new Node { Level = 0 };
        var all = new List<Node>();
        var current = root;
        var explicitHeadings = lines.Any(l => l.HeadingLevel is not null);
        var first = true;
        foreach (var line in lines)
        {
            var level = line.HeadingLevel ?? InferLevel(line.Text, first && !explicitHeadings);
            first = false;
            // A section label ("申请材料：") is a part of the service, not a new one.
            if (level is not null && !Numbering().IsMatch(line.Text) && SectionOf(line.Text) is not null && line.Text.Length <= 12) level = null;
            if (level is null)
            {
                current.Body.Add(line);
                continue;
            }
            var parent = current;
            while (parent != root && parent.Level >= level) parent = parent.Parent!;
            var node = new Node { Heading = line.Text, Level = level.Value, Line = line.Line, Parent = parent };
            parent.Children.Add(node);
            all.Add(node);
            current = node;
        }
        // Text before the first heading belongs to the document as a whole: a draft of its own when it says anything.
        if (root.Body.Count > 0) all.Insert(0, root);
        return all;
    }

    /// <summary>The heading level a line's wording implies, or null for an ordinary line.</summary>
    internal static int? InferLevel(string text, bool firstLine)
    {
        if (text.Length > 40 || EndsLikeSentence().IsMatch(text)) return null;
        if (firstLine && text.Length <= 40) return 1;
        if (ChineseNumbered().IsMatch(text)) return 2;
        if (ParenNumbered().IsMatch(text) || StepNumbered().IsMatch(text) || WindowHeading().IsMatch(text)) return 3;
        if (DottedNumber().Match(text) is { Success: true } dotted && text.Length <= 25)
            return 3 + dotted.Groups[1].Value.Count(c => c == '.');
        if (ArabicNumbered().IsMatch(text) && text.Length <= 30 && !text.Contains('：') && !text.Contains(':')) return 4;
        return null;
    }

    private static readonly (string Section, string[] Words)[] SectionWords =
    [
        ("材料", ["申请材料", "所需材料", "材料", "携带", "证件"]),
        ("费用", ["费用", "收费", "赔偿", "赔款", "缴费", "罚款"]),
        ("时间", ["工作时间", "办公时间", "办理时间", "服务时间", "开放时间", "时间"]),
        ("地点", ["办理地点", "地点", "地址", "邮寄地址", "位置"]),
        ("联系方式", ["服务电话", "联系电话", "电话", "咨询电话", "邮箱", "联系方式", "联系人", "收件人"]),
        ("流程", ["服务流程", "办理流程", "流程", "步骤", "办理方式", "登录方式"]),
        ("注意事项", ["注意事项", "注意", "温馨提示", "说明", "备注"]),
    ];

    /// <summary>The section a labelled line or a sub-heading names ("申请材料：…" → 材料), or null.</summary>
    internal static string? SectionOf(string text)
    {
        var label = LabelPrefix().Match(text);
        var head = label.Success ? label.Groups[1].Value : text;
        foreach (var (section, words) in SectionWords)
        {
            if (words.Any(w => head.StartsWith(w, StringComparison.Ordinal) || label.Success && head.EndsWith(w, StringComparison.Ordinal)))
                return section;
        }
        return null;
    }

    private static DraftGuide MakeDraft(Node node)
    {
        var headings = node.Ancestors().Reverse().Where(a => a.Heading is not null).Select(a => a.Heading!).ToList();
        if (node.Heading is not null) headings.Add(node.Heading);
        var lastLine = node.Body.Count > 0 ? node.Body[^1].Line : node.Line;
        var draft = new DraftGuide
        {
            Title = node.Heading is null ? headings.FirstOrDefault() ?? "（文档开头）" : CleanHeading(node.Heading),
            Headings = headings,
            FirstLine = node.Heading is null && node.Body.Count > 0 ? node.Body[0].Line : node.Line,
            LastLine = lastLine,
        };
        // The heading itself can state a window ("1号窗口——学生发展服务岗") or an office.
        var own = new List<SourceLine>();
        if (node.Heading is not null) own.Add(new SourceLine(node.Line, node.Heading));
        Extract(draft, own, intoSections: false);
        Extract(draft, node.Body, intoSections: true);
        Inherit(draft, node);
        if (draft.Office is null)
            draft.Review.Add(draft.Phones.Count > 0
                ? $"phone {string.Join("/", draft.Phones)} (line {draft.Trace.First(t => t.Kind == "phone").Line}) is attached to no office: add office:"
                : "no office found: add office:");
        foreach (var date in draft.Trace.Where(t => t.Kind == "date" && !t.Value.Contains('年') && !YearDate().IsMatch(t.Value)))
            draft.Review.Add($"a date without a year: {date.Value} (line {date.Line}): which year is it?");
        var unplaced = draft.Sections.Where(s => s.Heading == Unplaced).Select(s => s.Lines.Count).Sum();
        if (unplaced > 0)
            draft.Review.Add($"{unplaced} line(s) it could not place are under '## {Unplaced}': move them into a section");
        draft.Review.Add("add keywords: and questions: in the words students use");
        return draft;
    }

    internal const string Unplaced = "其他（待归类）";

    private static void Extract(DraftGuide draft, IReadOnlyList<SourceLine> lines, bool intoSections)
    {
        string? labelled = null;
        foreach (var line in lines)
        {
            var text = line.Text;
            foreach (Match m in PhonePattern().Matches(text)) AddOnce(draft.Phones, draft, "phone", NormalizePhone(m.Value), line.Line);
            foreach (Match m in FeePattern().Matches(text)) AddOnce(draft.Fees, draft, "fee", m.Value, line.Line);
            foreach (Match m in DatePattern().Matches(text)) AddOnce(draft.Dates, draft, "date", m.Value, line.Line);
            if (draft.Window is null && WindowPattern().Match(text) is { Success: true } w) Set(draft, "window", draft.Window = w.Value, line.Line);
            foreach (Match r in RoomPattern().Matches(text)) AddOnce(draft.Rooms, draft, "room", r.Value, line.Line);
            foreach (Match m in CampusPattern().Matches(text))
            {
                if (!draft.Campuses.Contains(m.Value)) { draft.Campuses.Add(m.Value); Set(draft, "campus", m.Value, line.Line); }
            }
            var label = LabelPrefix().Match(text);
            var value = label.Success ? text[label.Length..].Trim() : "";
            if (label.Success)
            {
                var key = label.Groups[1].Value;
                if (draft.Office is null && OfficeLabel().IsMatch(key) && value.Length > 0) Set(draft, "office", draft.Office = value, line.Line);
                if (draft.Hours is null && HoursLabel().IsMatch(key) && value.Length > 0 && TimeOfDay().IsMatch(value)) Set(draft, "hours", draft.Hours = value, line.Line);
                if (draft.Where is null && WhereLabel().IsMatch(key) && value.Length > 0) Set(draft, "where", draft.Where = value, line.Line);
            }
            else if (draft.Hours is null && labelled == "时间" && TimeOfDay().IsMatch(text))
            {
                Set(draft, "hours", draft.Hours = text, line.Line);
            }
            if (!intoSections) continue;
            var section = SectionOf(text);
            if (section is not null && (label.Success || text.Length <= 12))
            {
                labelled = section;
                // "服务流程:" alone opens the section; "服务电话：80191130" is itself its content.
                if (value.Length == 0 && !label.Success || label.Success && value.Length == 0) { Section(draft, section); continue; }
                Section(draft, section).Add(text);
                continue;
            }
            Section(draft, labelled ?? GuessSection(text)).Add(text);
        }
    }

    /// <summary>An unlabelled line's section from what it states; the first lines of a service are what it does.</summary>
    private static string GuessSection(string text)
    {
        if (FeePattern().IsMatch(text)) return "费用";
        if (PhonePattern().IsMatch(text)) return "联系方式";
        if (StepLine().IsMatch(text)) return "流程";
        if (DatePattern().IsMatch(text)) return "时间";
        if (text.Length <= 200) return "办理内容";
        return Unplaced;
    }

    private static List<string> Section(DraftGuide draft, string heading)
    {
        foreach (var (h, existing) in draft.Sections)
        {
            if (h == heading) return existing;
        }
        var lines = new List<string>();
        draft.Sections.Add((heading, lines));
        return lines;
    }

    /// <summary>An office, window, phone or hours stated by a heading above the service, and not by the service itself.</summary>
    private static void Inherit(DraftGuide draft, Node node)
    {
        foreach (var ancestor in node.Ancestors().Where(a => a.Heading is not null))
        {
            var above = new DraftGuide { Title = "", Headings = [], FirstLine = 0, LastLine = 0 };
            Extract(above, [new SourceLine(ancestor.Line, ancestor.Heading!), .. ancestor.Body], intoSections: false);
            int LineOf(string kind) => above.Trace.FirstOrDefault(t => t.Kind == kind)?.Line ?? ancestor.Line;
            if (draft.Office is null && (above.Office ?? OfficeInHeading(ancestor.Heading!)) is { } office) Set(draft, "office", draft.Office = office, LineOf("office"));
            if (draft.Window is null && above.Window is not null) Set(draft, "window", draft.Window = above.Window, LineOf("window"));
            if (draft.Rooms.Count == 0)
            {
                foreach (var t in above.Trace.Where(t => t.Kind == "room")) AddOnce(draft.Rooms, draft, "room", t.Value, t.Line);
            }
            if (draft.Where is null && above.Where is not null) Set(draft, "where", draft.Where = above.Where, LineOf("where"));
            if (draft.Hours is null && above.Hours is not null) Set(draft, "hours", draft.Hours = above.Hours, LineOf("hours"));
            if (draft.Phones.Count == 0)
            {
                foreach (var t in above.Trace.Where(t => t.Kind == "phone")) AddOnce(draft.Phones, draft, "phone", t.Value, t.Line);
            }
        }
        if (draft.Office is null && node.Heading is not null) draft.Office = OfficeInHeading(node.Heading);
    }

    /// <summary>"学工办", "1号窗口——学生发展服务岗" → the office part of a heading, when it names one.</summary>
    internal static string? OfficeInHeading(string heading)
    {
        // A notice's title: "图书馆关于2022年…的指南" is the library's.
        if (IssuedBy().Match(heading) is { Success: true } issuer) return issuer.Groups[1].Value;
        var parts = heading.Split(["——", "—", "－", " - "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var part in parts.Reverse())
        {
            var cleaned = CleanHeading(part);
            if (cleaned.Length is >= 2 and <= 14 && OfficeSuffix().IsMatch(cleaned)) return cleaned;
        }
        return null;
    }

    internal static string CleanHeading(string heading) => Numbering().Replace(heading, "").Trim().TrimEnd('：', ':').Trim();

    private static void AddOnce(List<string> list, DraftGuide draft, string kind, string value, int line)
    {
        if (list.Contains(value)) return;
        list.Add(value);
        draft.Trace.Add(new TracedValue(kind, value, line));
    }

    private static void Set(DraftGuide draft, string kind, string value, int line) => draft.Trace.Add(new TracedValue(kind, value, line));

    internal static string NormalizePhone(string phone)
    {
        var p = phone.Replace("（", "(").Replace("）", ")").Trim();
        var m = Regex.Match(p, @"^\((0\d{2,3})\)\s*(\d{7,8})$");
        return m.Success ? $"{m.Groups[1].Value}-{m.Groups[2].Value}" : Regex.Replace(p, @"\s+", "");
    }

    [GeneratedRegex(@"^([\u4e00-\u9fa5]{2,12}?(?:处|办|中心|馆|院|部|委))关于")]
    private static partial Regex IssuedBy();
    [GeneratedRegex(@"[。；;，,]$")]
    private static partial Regex EndsLikeSentence();
    [GeneratedRegex(@"^[一二三四五六七八九十]+[、．.]")]
    private static partial Regex ChineseNumbered();
    [GeneratedRegex(@"^[（(][一二三四五六七八九十]+[）)]")]
    private static partial Regex ParenNumbered();
    [GeneratedRegex(@"^第[一二三四五六七八九十\d]+[步部分章节条]")]
    private static partial Regex StepNumbered();
    [GeneratedRegex(@"^\d+(?:[-、]\d+)*号?窗口")]
    private static partial Regex WindowHeading();
    [GeneratedRegex(@"^\d+((?:\.\d+)*)\s+\S")]
    private static partial Regex DottedNumber();
    [GeneratedRegex(@"^\d+\s*[．.、]\s*\S")]
    private static partial Regex ArabicNumbered();
    [GeneratedRegex(@"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十\d]+[步部分章节条][：:、]?|\d+(?:\.\d+)*\s*[．.、]?\s*)")]
    private static partial Regex Numbering();
    [GeneratedRegex(@"^([^：:，。,]{1,10})[：:]")]
    private static partial Regex LabelPrefix();
    [GeneratedRegex(@"(受理|办理|主办|负责|承办|所属)(部门|单位|机构)|^部门$")]
    private static partial Regex OfficeLabel();
    [GeneratedRegex(@"(工作|办公|办理|服务|开放|值班)时间")]
    private static partial Regex HoursLabel();
    [GeneratedRegex(@"地点|地址|位置|办公室")]
    private static partial Regex WhereLabel();
    [GeneratedRegex(@"\d{1,2}[:：]\d{2}|周[一二三四五六日天]|工作日|上午|下午")]
    private static partial Regex TimeOfDay();
    [GeneratedRegex(@"(?:处|办|中心|馆|科|部|站|岗|院|所|委|队|室|组|公司|大厅)$")]
    private static partial Regex OfficeSuffix();
    [GeneratedRegex(@"^(?:[①-⑳]|\d+\s*[．.、)）]|第[一二三四五六七八九十\d]+步)")]
    private static partial Regex StepLine();
    [GeneratedRegex(@"(?:[（(]0\d{2,3}[)）]\s*\d{7,8}|0\d{2,3}-\d{7,8}|(?<![\d.])1[3-9]\d{9}(?!\d)|(?<![\d.\-])\d{8}(?![\d.]))")]
    internal static partial Regex PhonePattern();
    [GeneratedRegex(@"\d+(?:\.\d+)?\s*元(?:/[\u4e00-\u9fa5]+)?")]
    internal static partial Regex FeePattern();
    [GeneratedRegex(@"(?:20\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]|20\d{2}[./-]\d{1,2}[./-]\d{1,2}|20\d{2}\s*年\s*\d{1,2}\s*月")]
    internal static partial Regex DatePattern();
    [GeneratedRegex(@"^20\d{2}")]
    private static partial Regex YearDate();
    [GeneratedRegex(@"\d+(?:[-、]\d+)*号?窗口")]
    internal static partial Regex WindowPattern();
    [GeneratedRegex(@"(?:[A-Za-z]?\d{3,4}(?:室|办公室|房间|号房间)|[\u4e00-\u9fa5]{0,8}(?:楼|馆|大厅)[A-Za-z]?\d{3,4}(?:室)?)")]
    internal static partial Regex RoomPattern();
    [GeneratedRegex(@"[\u4e00-\u9fa5]{2}校区")]
    private static partial Regex CampusPattern();
}
