using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Clearance.Knowledge.Analysis;
using Clearance.Knowledge.Guides;

namespace Clearance.Knowledge.Answers;

/// <summary>The one fact a question asks for, beyond which service it is about.</summary>
public enum FactAsked
{
    None,
    Phone,
    Where,
    Hours,
    Date,
    Duration,
    Fee,
    Materials,
    /// <summary>"找哪个部门", "谁负责": the office in charge leads.</summary>
    Office,
    /// <summary>A yes/no question ("能不能代办", "必须本人去吗", "网上能办吗"): the reply leads with the verdict.</summary>
    Verdict,
    /// <summary>"X是多少/叫什么/是哪个": the statement that names X leads (a password rule, an account name, a website).</summary>
    Detail,
    /// <summary>"为啥办不了", "咋回事", "why": the statement that gives the reasons leads.</summary>
    Reason,
}

/// <summary>
/// The first line of an answer: the fact asked (a phone, the hours, a place, a fee, how long, the materials) or the
/// verdict of a yes/no question, taken from the one sentence or front-matter field of the guide that states it. A
/// student who asks "几点下班" reads the hours first, not a guide's worth of text to search; where the guide does not
/// state the fact, the line says so and gives the phone instead of an unrelated section.
/// </summary>
public static partial class FactLead
{
    /// <summary>One statement of a guide that can lead an answer.</summary>
    private sealed record Unit(string Text, string Prepared, FactAsked Field, string? Campus, GuideSection? Section = null);

    /// <summary>The lead line and the section it was taken from (null for a front-matter field), which supports it.</summary>
    public sealed record Lead(string Line, GuideSection? Section);

    /// <summary>A guide's statements, prepared once: its campuses and its title as the index reads them.</summary>
    /// <param name="Stated">The facts some statement or field states: asked of every close guide, so kept, not searched.</param>
    private sealed record GuideUnits(IReadOnlyList<Unit> Units, int? Year, IReadOnlyList<string> Campuses, string Title, IReadOnlySet<FactAsked> Stated);

    private static readonly ConditionalWeakTable<Guide, GuideUnits> Cache = [];

    /// <summary>What <paramref name="normalized"/> (a compacted question) asks for.</summary>
    public static FactAsked Classify(string normalized)
    {
        // The fact named first wins: "在哪交 要带什么" is first a place. A yes/no question about a fact ("周五下午还开吗",
        // "临时身份证要钱吗") is answered with the fact; one about a rule ("必须本人去吗") with the verdict.
        var best = FactAsked.None;
        var at = int.MaxValue;
        foreach (var (fact, pattern) in Asks)
        {
            var match = pattern.Match(normalized);
            if (match.Success && match.Index < at)
            {
                best = fact;
                at = match.Index;
            }
        }
        // A yes/no question asks about a fact only when the fact is in its last clause: "周五下午还开吗" asks the hours,
        // "截止那天一次全还清 还算利息不" a rule.
        // Without a break to tell the clauses apart, a fact word far from the question's end ("截止那天一次性还清的话还算
        // 利息吗") is the condition, not the ask.
        if (best != FactAsked.None && IsYesNo(normalized) && (at < LastClauseStart(normalized) || at < normalized.TrimEnd(' ', '?', '？').Length - 12))
            return FactAsked.Verdict;
        if (best != FactAsked.None) return best;
        if (IsYesNo(normalized)) return FactAsked.Verdict;
        return AskDetail().IsMatch(normalized) ? FactAsked.Detail : FactAsked.None;
    }

    private static readonly char[] ClauseBreaks = [' ', '，', ',', '。', '？', '?', '！', '!', '；', ';'];

    private static int LastClauseStart(string q)
    {
        var trimmed = q.TrimEnd(' ', '?', '？', '!', '！', '。', '.');
        var at = trimmed.LastIndexOfAny(ClauseBreaks);
        return at < 0 ? 0 : at + 1;
    }

    /// <summary>A clause of the question asks yes or no ("手机上能办离校吗 不想开电脑"), and no other clause asks an open question.</summary>
    private static bool IsYesNo(string q)
    {
        var asks = Clauses(q).Select(c => (Clause: c, YesNo: AsksYesNo(c))).ToList();
        return asks.Any(a => a.YesNo) && asks.All(a => a.YesNo || !OpenQuestion().IsMatch(a.Clause));
    }

    /// <summary>
    /// A clause that asks yes or no. A question word inside a clause that ends in 吗 after "能/可以" is part of what is
    /// asked about, not the ask: "公众号上能查借了哪些书吗", "其他几个环节能一起办吗" want 可以 or 不可以 first — unless the
    /// clause asks to be told ("能告诉我在哪办吗").
    /// </summary>
    private static bool AsksYesNo(string clause) =>
        YesNoPattern().IsMatch(clause)
        && (!OpenQuestion().IsMatch(clause) || (EndsWithMa().IsMatch(clause) && CanWords().IsMatch(clause) && !AsksToBeTold().IsMatch(clause)));

    private static string[] Clauses(string q) => q.Split(ClauseBreaks, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"欠的住宿费能在网上交吗 在哪交": a yes/no clause about doing it online before the clause that asks the fact.</summary>
    private static string? OnlineClauseBefore(string q)
    {
        var clauses = Clauses(q);
        return clauses.Length < 2 ? null : clauses[..^1].FirstOrDefault(c => AsksYesNo(c) && OnlineWords().IsMatch(c));
    }

    [GeneratedRegex(@"(吗|嘛)[\p{P}\s]*$")]
    private static partial Regex EndsWithMa();

    [GeneratedRegex(@"知道|告诉|问一下|问下|说一下|说下")]
    private static partial Regex AsksToBeTold();

    private static readonly (FactAsked Fact, Regex Pattern)[] Asks =
    [
        (FactAsked.Phone, AskPhone()),
        (FactAsked.Where, AskWhere()),
        (FactAsked.Duration, AskDuration()),
        (FactAsked.Hours, AskHours()),
        (FactAsked.Date, AskDate()),
        (FactAsked.Fee, AskFee()),
        (FactAsked.Materials, AskMaterials()),
        (FactAsked.Office, AskOffice()),
        (FactAsked.Reason, AskReason()),
    ];

    /// <summary>
    /// The lead line for <paramref name="guide"/>, or null when the question asks for no single fact and names no campus.
    /// </summary>
    /// <param name="topic">The question's topic words with their weights (synonyms folded as in the index).</param>
    /// <param name="currentYear">This year at the school: dates from an older notice are marked as such.</param>
    /// <param name="fallbackYear">The year of the school's calendar notices, for guides that state none.</param>
    /// <param name="asked">What the question asks, as <see cref="Classify"/> reads its normalised text.</param>
    public static Lead? Build(Guide guide, AnalyzedQuestion question, FactAsked asked, IReadOnlyDictionary<string, double> topic, QuestionAnalyzer analyzer,
        int currentYear, int? fallbackYear, string? contactPhone, string? followsQuestion = null, Func<string, bool>? isCampusWord = null)
    {
        // "那临时身份证呢" after "补办要多少钱" asks the same thing of something else: the fee.
        if (asked == FactAsked.None && followsQuestion is not null && question.LooksLikeFollowUp) asked = Classify(followsQuestion);
        var units = Cache.GetValue(guide, g => Prepare(g, analyzer));
        var campuses = units.Campuses;
        // A campus named now, or named by the question this one follows ("我在虎溪" then "电话多少").
        var campus = campuses.FirstOrDefault(c => WhereToGoCard.Mentions(question.Normalized, c))
            ?? (followsQuestion is null ? null : campuses.FirstOrDefault(c => WhereToGoCard.Mentions(followsQuestion, c)));
        // A campus the guide names only in its text: statements that mention it lead.
        var campusWord = campus is null && isCampusWord is not null ? topic.Keys.FirstOrDefault(isCampusWord) : null;
        var year = units.Year ?? fallbackYear;
        // "研究生几号截止", or "截止到几号" after a question about 研究生: the line for that degree, not the other's.
        var degree = DegreeOf(question.Normalized) ?? (followsQuestion is null ? null : DegreeOf(followsQuestion));
        var followUp = followsQuestion is not null || question.LooksLikeFollowUp;
        if (asked == FactAsked.None && campus is null && campusWord is null && !(followUp && topic.Count > 0)) return null;

        // Words of the guide's title found the guide; within it they say little about which statement is meant
        // ("研究生离校服务是哪个部门主办的": 主办 finds the line, 离校服务 is everywhere in that guide).
        var title = units.Title;
        var discountTitle = true;
        // A number in the question ("17号窗口") names one statement among many alike: it weighs like a rare word here.
        var full = topic.ToDictionary(t => t.Key, t => t.Key.All(char.IsDigit) ? 8.0 : t.Value, StringComparer.Ordinal);
        double total = full.Values.Sum();
        double Overlap(Unit u)
        {
            if (total <= 0) return 0;
            double covered = 0;
            foreach (var (word, weight) in full)
            {
                var found = word.All(char.IsDigit) ? ContainsNumber(u.Prepared, word) : u.Prepared.Contains(word, StringComparison.Ordinal);
                if (found) covered += discountTitle && title.Contains(word, StringComparison.Ordinal) ? weight * 0.3 : weight;
            }
            return covered / total;
        }
        double Grams(Unit u) => Math.Min(0.5, question.Bigrams.Count(g => u.Prepared.Contains(g, StringComparison.Ordinal)) * 0.1);

        var headingFacet = asked switch
        {
            FactAsked.Phone => QuestionFacet.Phone,
            FactAsked.Where => QuestionFacet.Where,
            FactAsked.Hours or FactAsked.Date or FactAsked.Duration => QuestionFacet.Time,
            FactAsked.Fee => QuestionFacet.Fee,
            FactAsked.Materials => QuestionFacet.Materials,
            FactAsked.Verdict => QuestionFacet.Rule,
            _ => QuestionFacet.None,
        };
        // A statement under the heading that answers this kind of question (时间 for "几号", 规则 for "能不能") is
        // likelier the one asked about than the same words in a step of the 流程.
        double Heading(Unit u) => u.Section is { } s && headingFacet != QuestionFacet.None && SectionFacets.HasHeading(s, headingFacet) ? 0.3 : 0;
        var online = OnlineWords().IsMatch(question.Normalized);
        var inPerson = AsksInPerson().IsMatch(question.Normalized);
        var owes = asked == FactAsked.Verdict && Amount().IsMatch(question.Normalized);

        // "哪个部门主办", "收件人写谁", "个人信息里的啥": the word beside the asking words is what the statement must name.
        var focus = asked == FactAsked.Detail ? DetailFocus(question.Normalized, topic.Keys, title) : null;
        if (focus is not null && !units.Units.Any(u => u.Field == FactAsked.None && u.Prepared.Contains(focus, StringComparison.Ordinal))) focus = null;

        Unit? best = null;
        double bestScore = 0;
        // A title that lists what its guide holds ("邮寄还书（地址、收件人、电话）") names the very word a detail question
        // asks for ("收件人写谁"): when no statement passes with title words discounted, they count in full.
        for (var pass = 0; pass < 2 && best is null && (pass == 0 || asked == FactAsked.Detail); pass++)
        {
            discountTitle = pass == 0;
            foreach (var unit in units.Units)
            {
                double score;
                if (asked == FactAsked.Verdict)
                {
                    if (unit.Field != FactAsked.None) continue;
                    score = Overlap(unit) + Grams(unit) + Heading(unit) + (RuleWords().IsMatch(unit.Text) ? 0.3 : 0)
                    // "欠8块钱要交吗": the rule with the amount's bound decides it, an exemption ("10元以内…免收") first.
                    + (owes && Threshold().IsMatch(unit.Text) ? (Negation().IsMatch(unit.Text) ? 1.0 : 0.3) : 0)
                        + (online && OnlineWords().IsMatch(unit.Text) ? 0.8 : 0)
                        + (inPerson && Proxy().IsMatch(unit.Text) ? 0.8 : 0);
                    if (score < 0.35) continue;
                }
                else if (asked == FactAsked.Detail)
                {
                    // "网址多少" is answered by a statement with an address in it (the place field may hold it), "公众号叫啥" by one naming the account.
                    var website = AsksWebsite().IsMatch(question.Normalized);
                    if (website ? !WebAddress().IsMatch(unit.Text) : unit.Field != FactAsked.None) continue;
                    if (focus is not null && !unit.Prepared.Contains(focus, StringComparison.Ordinal)) continue;
                    score = Overlap(unit) + Grams(unit) + (website ? 0.5 : 0);
                    if (score < 0.5) continue;
                }
                else if (asked == FactAsked.Reason)
                {
                    // "自助终端上办不了是咋回事": the sentence that gives the causes, not the steps around them.
                    if (unit.Field != FactAsked.None || !ReasonWords().IsMatch(unit.Text)) continue;
                    score = 1 + Overlap(unit) + Grams(unit);
                }
                else if (asked == FactAsked.None)
                {
                    // A campus named ("我在虎溪校区") or a narrowing follow-up ("那研究生呢"): that campus's place, or the
                    // sentence that says most about what the follow-up adds.
                    score = campus is not null ? (unit.Campus == campus ? 3 : 0)
                        : campusWord is not null ? (unit.Prepared.Contains(campusWord, StringComparison.Ordinal) ? 1 + Overlap(unit) + (unit.Field == FactAsked.Where ? 0.5 : 0) : 0)
                        : unit.Field == FactAsked.None ? Overlap(unit) + Grams(unit) : 0;
                    if (score < (campus is not null || campusWord is not null ? 1 : 0.6)) continue;
                }
                else
                {
                    if (!States(unit, asked)) continue;
                    score = 1 + Overlap(unit) + Grams(unit) + Heading(unit)
                        + (unit.Field == asked ? (asked is FactAsked.Where or FactAsked.Phone or FactAsked.Hours ? 0.8 : 0.3) : 0)
                        + (asked == FactAsked.Date && (MonthDay().IsMatch(unit.Text) || YearPattern().IsMatch(unit.Text)) ? 0.5 : 0)
                    + (degree is not null && DegreeOf(unit.Text) is { } unitDegree ? (unitDegree == degree ? 0.6 : -0.6) : 0)
                        + (campus is not null && unit.Campus == campus ? 2 : 0)
                        + (campus is not null && unit.Campus is not null && unit.Campus != campus ? -1 : 0)
                        // No campus named: the line for all campuses, not the first campus's.
                        + (campus is null && unit.Campus is not null ? -0.3 : 0);
                }
                if (best is null || score > bestScore)
                {
                    best = unit;
                    bestScore = score;
                }
            }
        }

        // "啥时候开" may mean the hours, "几点截止" a date: the neighbouring kind of time before saying it is not stated.
        if (best is null && asked is FactAsked.Date or FactAsked.Hours)
        {
            var other = asked == FactAsked.Date ? FactAsked.Hours : FactAsked.Date;
            best = units.Units.Where(u => States(u, other)).MaxBy(u => Overlap(u) + (u.Field == other ? 0.6 : 0));
        }
        if (best is null)
        {
            if (!IsStatedFact(asked)) return null;
            return new Lead(NotStated(asked, guide, contactPhone), null);
        }

        var text = best.Text;
        if (asked == FactAsked.Verdict && Verdict(question.Normalized, best.Text) is { } verdict) text = verdict + "。" + text;
        var line = Marker(asked == FactAsked.None && best.Campus is not null ? FactAsked.Where : asked) + text;
        // "能在网上交吗 在哪交": the fact line is the online way, so it answers the first clause too — say so first.
        if (asked is not (FactAsked.None or FactAsked.Verdict) && OnlineClauseBefore(question.Normalized) is { } onlineClause
            && OnlineWords().IsMatch(best.Text) && Verdict(onlineClause, best.Text) is { } onlineVerdict)
            line = onlineVerdict + "。" + line;
        var datedStatement = asked == FactAsked.Date || (ThisYear().IsMatch(question.Normalized) && asked != FactAsked.Hours);
        return new Lead(line + DatedNote(best.Text, year, currentYear, datedStatement), best.Section);
    }

    /// <summary>
    /// "（2018年通知的日期，今年以学校当年通知为准）" after a date that comes from an older notice: the year it states, or
    /// for a month-day alone the year the guide was confirmed. Empty when the date is this year's or there is none.
    /// </summary>
    public static string DatedNote(string text, int? guideYear, int currentYear, bool asksWhen = false)
    {
        var years = YearPattern().Matches(text).Select(m => int.Parse(m.Groups["y"].Value, System.Globalization.CultureInfo.InvariantCulture)).Where(y => y < currentYear).ToList();
        int? from = years.Count > 0 ? years.Max() : null;
        // A month-day alone, or any statement given as the answer to "when", is as old as the notice it came from.
        if (from is null && guideYear is { } g && g < currentYear && (MonthDay().IsMatch(text) || asksWhen))
            from = g;
        return from is null ? "" : $"（{from}年通知的日期，今年以学校当年通知为准）";
    }

    /// <summary>The year of the newest date a guide states, if any: the year of the notice it was written from.</summary>
    private static int? YearOf(Guide guide)
    {
        if (guide.Confirmed is { } confirmed) return confirmed;
        var years = guide.Sections.SelectMany(s => YearPattern().Matches(s.Text)).Select(m => int.Parse(m.Groups["y"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return years.Count > 0 ? years.Max() : null;
    }

    private static string Marker(FactAsked asked) => asked switch
    {
        FactAsked.Phone => "☎ ",
        FactAsked.Where => "📍 ",
        FactAsked.Hours or FactAsked.Date or FactAsked.Duration => "🕘 ",
        _ => "",
    };

    private static string NotStated(FactAsked asked, Guide guide, string? contactPhone)
    {
        var what = asked switch
        {
            FactAsked.Phone => "指南没有写这项手续的电话",
            FactAsked.Where => "指南没有写具体办理地点",
            FactAsked.Hours => "指南没有写具体办公时间",
            FactAsked.Date => "指南没有写具体日期",
            FactAsked.Duration => "指南没有写办理需要多长时间",
            FactAsked.Fee => "指南没有写收费标准",
            FactAsked.Materials => AnswerService.NoMaterialsListed.TrimEnd('：', ':'),
            FactAsked.Office => "指南没有写负责的部门",
            _ => "指南没有写这一点",
        };
        var phones = guide.Phone.Count > 0 ? string.Join("、", guide.Phone)
            : guide.Locations.SelectMany(l => l.Phone).FirstOrDefault() ?? contactPhone;
        return asked == FactAsked.Phone || phones is null ? what + "。" : $"{what}，可以打电话问：{phones}。";
    }

    /// <summary>
    /// 可以/不可以 or 需要/不需要, from whether the rule sentence allows or denies, in the words the question used. A
    /// question asking leave not to do something ("能不去吗") reverses it. Null when the question's form gives no word.
    /// </summary>
    private static string? Verdict(string question, string rule)
    {
        // "可以线上预约吗 还是必须去窗口" asks its first alternative; the second is what the student fears.
        var choice = question.IndexOf("还是", StringComparison.Ordinal);
        if (choice > 0) question = question[..choice];
        var negative = Negation().IsMatch(rule);
        // "我没借书也没欠费，还要去吗" against "有欠书或欠费的学生需要去办理": the rule is for those who have what the
        // student says they have not, so for this student it does not apply.
        if (!negative && NegatedCondition().Matches(question).Any(m => ConditionHeld(m.Groups["what"].Value, rule))) negative = true;
        // An amount within the rule's bound is what the rule exempts (or allows); above it, the opposite.
        if (Amount().Match(question) is { Success: true } owed && Threshold().Match(rule) is { Success: true } bound
            && decimal.TryParse(owed.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture, out var amount)
            && decimal.TryParse(bound.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture, out var limit)
            && amount > limit)
            negative = !negative;
        // "能不能先注销学生证" against "所有环节办完后才能注销": asked to go first where the rule says only after.
        if (!negative && AsksToGoFirst().IsMatch(question) && OnlyAfter().IsMatch(rule)) negative = true;
        // "必须他本人签字吗" against "导师签字或导师授权人签字": someone else may do it, so it need not be the person.
        if (!negative && AsksInPerson().IsMatch(question) && Proxy().IsMatch(rule)) negative = true;
        if (AsksLeaveNotTo().IsMatch(question)) negative = !negative;
        // The modal of the clause that asks, which comes last: "我还要继续读 能继续贴息吗" asks 能.
        var can = CanWords().Match(question);
        var need = NeedWords().Match(question);
        if (can.Success && (!need.Success || can.Index >= need.Index)) return negative ? "不可以" : "可以";
        if (need.Success) return negative ? "不需要" : "需要";
        return null;
    }

    /// <summary>本科 or 研究生 (硕士, 博士), when the text names exactly one of them.</summary>
    private static string? DegreeOf(string text)
    {
        var undergraduate = text.Contains("本科", StringComparison.Ordinal);
        var graduate = GraduateWords().IsMatch(text);
        return undergraduate == graduate ? null : undergraduate ? "本科" : "研究生";
    }

    /// <summary>The degree, not an office named after it (研究生院, 研究生工作部).</summary>
    [GeneratedRegex(@"研究生(?!院|工作|教育|处|部|办|秘书)|硕士|博士")]
    private static partial Regex GraduateWords();

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)\s*(块|元)")]
    private static partial Regex Amount();

    [GeneratedRegex(@"(不超过|不足|低于|少于)\s*(?<n>\d+(\.\d+)?)\s*元|(?<n>\d+(\.\d+)?)\s*元\s*(以内|以下|及以下)")]
    private static partial Regex Threshold();

    [GeneratedRegex(@"(必须|一定|非得|只能|得|要).{0,3}(本人|亲自)")]
    private static partial Regex AsksInPerson();

    [GeneratedRegex(@"授权人|委托|代办|代理人|代为|代签|他人代")]
    private static partial Regex Proxy();

    [GeneratedRegex(@"先|提前|直接|马上")]
    private static partial Regex AsksToGoFirst();

    [GeneratedRegex(@"才能|方可|后才|之后才|最后一步|最后环节|最后的环节")]
    private static partial Regex OnlyAfter();

    /// <summary>"17" as a number of its own: not the 17 of "17:00" or "2017".</summary>
    internal static bool ContainsNumber(string text, string number)
    {
        for (var at = text.IndexOf(number, StringComparison.Ordinal); at >= 0; at = text.IndexOf(number, at + 1, StringComparison.Ordinal))
        {
            var end = at + number.Length;
            var before = at > 0 ? text[at - 1] : ' ';
            var after = end < text.Length ? text[end] : ' ';
            if (!char.IsDigit(before) && before is not (':' or '.') && !char.IsDigit(after) && after is not (':' or '.')) return true;
        }
        return false;
    }

    /// <summary>Whether the rule names the condition the student does not meet.</summary>
    private static bool ConditionHeld(string what, string rule) => rule.Contains(what, StringComparison.Ordinal);

    /// <summary>
    /// The topic word right beside the words that ask for a detail (at most four characters away: "收件人写谁", "个人信息里要先补什么"), or null
    /// when none is that close. A word of the guide's title found the guide and is said everywhere in it, so a word
    /// that is not in the title comes first ("服务是哪个部门主办的" asks about 主办, not 服务).
    /// </summary>
    public static string? DetailFocus(string normalized, IEnumerable<string> topicWords, string title)
    {
        var match = AskDetail().Match(normalized);
        if (!match.Success) return null;
        string? focus = null;
        var nearest = int.MaxValue;
        foreach (var word in topicWords)
        {
            var at = normalized.IndexOf(word, StringComparison.Ordinal);
            if (at < 0 || word.Length < 2) continue;
            // After the match counts one closer than before it: the thing asked about follows "哪个部门" but precedes "写谁".
            var distance = at >= match.Index + match.Length ? at - (match.Index + match.Length) : at + word.Length <= match.Index ? match.Index - (at + word.Length) + 1 : int.MaxValue;
            if (distance > 4) continue;
            if (title.Contains(word, StringComparison.Ordinal)) distance += 4;
            if (distance < nearest)
            {
                focus = word;
                nearest = distance;
            }
        }
        return focus;
    }

    /// <summary>The facts a guide states in a field or a statement; the other kinds (a verdict, a detail, a reason) are read off its rules.</summary>
    private static readonly FactAsked[] StatedFacts =
        [FactAsked.Phone, FactAsked.Where, FactAsked.Hours, FactAsked.Date, FactAsked.Duration, FactAsked.Fee, FactAsked.Materials, FactAsked.Office];

    /// <summary>Whether <paramref name="asked"/> is one fact a guide states or is said not to state ("指南没有写…").</summary>
    public static bool IsStatedFact(FactAsked asked) => Array.IndexOf(StatedFacts, asked) >= 0;

    /// <summary>Whether <paramref name="guide"/> states the fact asked anywhere (a field or a statement).</summary>
    public static bool Answers(Guide guide, FactAsked asked, QuestionAnalyzer analyzer) =>
        Cache.GetValue(guide, g => Prepare(g, analyzer)).Stated.Contains(asked);

    private static bool States(Unit unit, FactAsked asked) => asked switch
    {
        FactAsked.Phone => unit.Field is FactAsked.Phone || (unit.Field != FactAsked.Where && PhoneNumber().IsMatch(unit.Text)),
        FactAsked.Where => unit.Field is FactAsked.Where || (unit.Field == FactAsked.None && PlaceWords().IsMatch(unit.Text)),
        FactAsked.Hours => unit.Field is FactAsked.Hours || (unit.Field == FactAsked.None && ClockTime().IsMatch(unit.Text)),
        FactAsked.Date => unit.Field is FactAsked.Hours or FactAsked.None && (MonthDay().IsMatch(unit.Text) || YearPattern().IsMatch(unit.Text) || Deadline().IsMatch(unit.Text)),
        FactAsked.Duration => unit.Field is FactAsked.None or FactAsked.Hours && DurationWords().IsMatch(unit.Text),
        FactAsked.Fee => unit.Field == FactAsked.None && Money().IsMatch(unit.Text),
        FactAsked.Materials => unit.Field == FactAsked.Materials,
        FactAsked.Office => unit.Field == FactAsked.Office || (unit.Field == FactAsked.None && OfficeStatement().IsMatch(unit.Text)),
        _ => false,
    };

    private static GuideUnits Prepare(Guide guide, QuestionAnalyzer analyzer)
    {
        var units = new List<Unit>();
        void Add(string text, FactAsked field, string? campus = null, GuideSection? section = null)
        {
            text = text.Trim().TrimStart('·', '-', '*', ' ').Trim();
            if (text.Length < 2) return;
            units.Add(new Unit(text, analyzer.PrepareDocument(text), field, campus, section));
        }

        var place = string.Join(" ", new[] { guide.Where, guide.Window, guide.Room }.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct());
        if (place.Length > 0) Add("地点：" + place, FactAsked.Where);
        foreach (var location in guide.Locations)
        {
            var line = new StringBuilder();
            if (location.Campus is not null) line.Append(location.Campus).Append('：');
            line.Append(location.Where);
            if (location.Phone.Count > 0) line.Append("，电话 ").Append(string.Join("、", location.Phone));
            if (location.Hours is not null) line.Append("（").Append(location.Hours).Append('）');
            Add(line.ToString(), FactAsked.Where, location.Campus);
            if (location.Phone.Count > 0) Add(line.ToString(), FactAsked.Phone, location.Campus);
        }
        if (guide.Phone.Count > 0) Add("电话：" + string.Join("、", guide.Phone), FactAsked.Phone);
        if (guide.Hours is not null) Add("时间：" + guide.Hours, FactAsked.Hours);
        if (guide.Office is not null) Add("负责部门：" + guide.Office + (place.Length > 0 ? "（地点：" + place + "）" : ""), FactAsked.Office);

        foreach (var section in guide.Sections)
        {
            var materials = SectionFacets.HasHeading(section, QuestionFacet.Materials);
            var plain = MarkdownText.Plain(section.Text);
            string? leadIn = null;
            foreach (var line in plain.Split('\n'))
            {
                var trimmed = line.Trim();
                // "办理离校注销的时间：" introduces the list below it; an item alone ("研究生：2012.7.2——2012.7.15")
                // does not say what it is the time of, so it leads with its introduction.
                var item = trimmed.StartsWith('·') || ListNumber().IsMatch(trimmed);
                if (!item) leadIn = null;
                var context = item && leadIn is not null ? leadIn : "";
                foreach (var sentence in Sentences(trimmed))
                {
                    Add(context + sentence.Trim().TrimStart('·', ' '), FactAsked.None, section: section);
                    if (materials) Add(sentence, FactAsked.Materials, section: section);
                }
                if (!item && trimmed.Length is > 1 and <= 40 && trimmed[^1] is '：' or ':') leadIn = trimmed;
            }
            // A list of materials reads best whole: its lines joined, when short enough for one line.
            if (materials && plain.Length <= 160)
                Add(string.Join("；", plain.Split('\n').Select(l => l.Trim().TrimStart('·', ' ').TrimEnd('；', '。')).Where(l => l.Length > 0)), FactAsked.Materials, section: section);
        }
        return new GuideUnits(units, YearOf(guide), [.. units.Select(u => u.Campus).OfType<string>().Distinct()], analyzer.PrepareDocument(guide.Title),
            StatedFacts.Where(f => units.Any(u => States(u, f))).ToHashSet());
    }

    /// <summary>A line as statements: long lines split after 。 (and ； when still long), short ones kept whole.</summary>
    private static IEnumerable<string> Sentences(string line)
    {
        if (line.Length <= 90) return [line];
        var parts = SentenceEnd().Split(line).Where(p => p.Trim().Length > 0).ToList();
        return parts.SelectMany(p => p.Length <= 120 ? [p] : ClauseEnd().Split(p).Where(c => c.Trim().Length > 0));
    }

    [GeneratedRegex(@"^(\d{1,2}[.、．)]|[（(]\d{1,2}[)）]|[一二三四五六七八九十][、.])")]
    private static partial Regex ListNumber();

    [GeneratedRegex(@"(?<=。|！|？)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"(?<=；)")]
    private static partial Regex ClauseEnd();

    [GeneratedRegex(@"电话|号码|座机|联系方式|热线|打哪个|打给|怎么联系|找谁|找哪个老师|找哪位|哪个老师|哪位老师|联系人|phone|tel|hotline")]
    private static partial Regex AskPhone();

    [GeneratedRegex(QuestionAnalyzer.WhereWords + "|什么地方|寄到|寄哪")]
    private static partial Regex AskWhere();

    [GeneratedRegex(@"几点|下班|上班|开门|关门|(什么|啥)时候(开|关|上班|下班|有人|办公|值班)|办公时间|工作时间|开放时间|时间段|受理时间|(什么|啥)时间(?!.{0,6}(截止|开始|结束|到期|前))|营业|值班|周[一二三四五六日末]|星期|礼拜|中午|下午|上午|晚上")]
    private static partial Regex AskHours();

    [GeneratedRegex(@"什么时候|啥时候|几时|几号|哪几天|哪些天|哪几号|哪天|哪一天|日期|截止|最晚|最迟|期限|有效期|几月|何时|deadline")]
    private static partial Regex AskDate();

    [GeneratedRegex(@"多久|多长时间|(?<!哪)几天|多少天|几个工作日|多快|要等|等多久|多长")]
    private static partial Regex AskDuration();

    [GeneratedRegex(@"多少钱|几块|多少元|费用|收费|价格|交多少|赔多少|要钱|花钱|收钱|多少费")]
    private static partial Regex AskFee();

    [GeneratedRegex(@"材料|带什么|带哪些|带啥|要带|准备什么|准备啥|需要什么|要什么东西|哪些东西|什么证件|啥证件")]
    private static partial Regex AskMaterials();

    /// <summary>
    /// A yes/no question: 能不能…, …吗 with a modal, 是不是, 要不要 — but not "去哪能办" or "怎么才能". A clause that opens
    /// with the modal asks too: that is how an English "Do I need to…" / "Can I…" reads once translated.
    /// </summary>
    [GeneratedRegex(@"能不能|可不可以|可以不|行不行|是不是|要不要|需不需要|用不用|会不会|有没有|算不算|能否|是否|(能|可以|可|行|要|需要|必须|得|用|还|会|算|有|准|允许|接受|收).{0,24}(吗|嘛|么|不)[\p{P}\s]*$|^(可以|能|需要|必须)")]
    private static partial Regex YesNoPattern();

    [GeneratedRegex(@"怎么|怎样|如何|咋|什么|啥|哪|几|多少|多久|谁")]
    private static partial Regex OpenQuestion();

    [GeneratedRegex(@"能|可以|可不可以|可否|行不行|行吗|行不|允许", RegexOptions.RightToLeft)]
    private static partial Regex CanWords();

    [GeneratedRegex(@"需|要|必须|得|用不用|用去|还用|非得", RegexOptions.RightToLeft)]
    private static partial Regex NeedWords();

    /// <summary>"能不去吗", "可以免交吗" — not the A-not-A "能不能" or "可不可以".</summary>
    [GeneratedRegex(@"(能|可以)(不|免)(?!能|可以|行)")]
    private static partial Regex AsksLeaveNotTo();

    [GeneratedRegex(@"不能|不可|不得|不予|无需|无须|不需|不用|不必|免[收费交缴]|免费|不再|不受理|不接受|不计|无法|禁止|不允许|不要|不办理|直接给予通过|自动通过|无需办理|概不|不退|不支持|不提供|不涉及|只能|仅限|须本人|必须本人")]
    private static partial Regex Negation();

    [GeneratedRegex(@"可以|能|须|需|必须|应|只|仅|免|即可|不|允许|方可")]
    private static partial Regex RuleWords();

    [GeneratedRegex(@"网上|线上|在线|网页|网站|手机|移动端|pc端|电脑端|app|微信|公众号|支付宝|平台|系统|登录|企业微信|电脑|远程|邮寄|http")]
    private static partial Regex OnlineWords();

    [GeneratedRegex(@"(?<!\d)(\d{3,4}-)?\d{7,8}(?!\d)|(?<!\d)(95\d{3}|400-?\d{3}-?\d{4}|1[3-9]\d{9})(?!\d)")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"窗口|\d{2,4}室|[A-Za-z]\d{2,4}|[楼层厅]|校区|办公室|地点|地址|服务台|前台|路\s*\d|号楼|大厅|柜台")]
    private static partial Regex PlaceWords();

    [GeneratedRegex(@"\d{1,2}[:：]\d{2}|周[一二三四五六日]|星期[一二三四五六日天]|工作日|工作时间|上午|下午|全天|24小时")]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"\d{1,2}月\d{1,2}[日号]?|(?<!\d)\d{1,2}\.\d{1,2}(?!\d)")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"(?<y>(19|20)\d{2})(年|\.|-|/|届)")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"截止|之前|以前|前完成|前办理|(手续|离校|毕业|期限|日期)前|之后|起|开始|期间|有效期")]
    private static partial Regex Deadline();

    [GeneratedRegex(@"\d+\s*(个)?(工作日|天|分钟|小时|周|个月)|[一二两三四五六七八九十]+\s*(个)?(工作日|天|分钟|小时|周|个月)|当天|当场|即时|立即|实时|延迟|马上")]
    private static partial Regex DurationWords();

    [GeneratedRegex(@"\d+(\.\d+)?\s*(元|块)|免费|不收费|收费|工本费|赔偿|违约金|罚款")]
    private static partial Regex Money();

    [GeneratedRegex(@"哪个部门|什么部门|哪个单位|哪个处|哪个科|哪个办公室|谁负责|谁管|归谁管|归哪|哪里负责|哪负责|负责部门|主办|承办|管这个|管这事")]
    private static partial Regex AskOffice();

    /// <summary>A statement naming the office in charge ("主办部门：信息化建设与管理处").</summary>
    [GeneratedRegex(@"主办部门|负责部门|承办部门|由.{2,16}(负责|办理|受理)")]
    private static partial Regex OfficeStatement();

    [GeneratedRegex(@"(填|写|补|补全|完善|选|点|输入|注明)(啥|什么|哪些|哪个|哪项|谁)|的啥|是多少|多少$|多少[\p{P}\s]|叫什么|叫啥|是什么|是啥|是哪个|哪个部门|谁|网址|网站|链接|公众号|密码")]
    private static partial Regex AskDetail();

    [GeneratedRegex(@"网址|网站|链接|网页|url|官网")]
    private static partial Regex AsksWebsite();

    [GeneratedRegex(@"https?://|www\.|\.edu\.cn|\.com")]
    private static partial Regex WebAddress();

    /// <summary>"没借书", "没有贷款", "不是党员", "没住校": a condition the student says they do not meet.</summary>
    [GeneratedRegex(@"(没有|没|不是|无|未|不住|不在)\s*(?<what>\p{IsCJKUnifiedIdeographs}{2})")]
    private static partial Regex NegatedCondition();

    [GeneratedRegex(@"为啥|为什么|为何|咋回事|怎么回事|什么原因|啥原因|原因是|why")]
    private static partial Regex AskReason();

    [GeneratedRegex(@"原因|因为|由于|导致|如有")]
    private static partial Regex ReasonWords();

    [GeneratedRegex(@"今年|本年|这届|这一届|今年的")]
    private static partial Regex ThisYear();
}
