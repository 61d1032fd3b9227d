using System.Text.RegularExpressions;
using Clearance.Knowledge.Analysis;
using Clearance.Knowledge.Guides;

namespace Clearance.Knowledge.Answers;

/// <summary>Which section answers what kind of question: 材料 for "带什么", 费用 for "多少钱", 时间 for "几点"…</summary>
internal static partial class SectionFacets
{
    private static readonly (QuestionFacet Facet, string[] Headings, Regex? Content)[] Table =
    [
        (QuestionFacet.Materials, ["材料", "证件", "携带", "准备", "表格"], null),
        (QuestionFacet.Fee, ["费用", "收费", "赔偿", "缴费", "欠费", "金额"], MoneyPattern()),
        (QuestionFacet.Time, ["时间", "日期", "有效期", "截止", "安排", "开放"], DatePattern()),
        (QuestionFacet.Where, ["地点", "地址", "位置", "窗口", "查询", "线上"], null),
        (QuestionFacet.Phone, ["联系", "电话", "咨询"], PhonePattern()),
        (QuestionFacet.Procedure, ["流程", "步骤", "操作", "方法", "办法", "还款方式"], null),
        (QuestionFacet.Rule, ["规则", "说明", "注意", "条件", "要求", "判断", "含义"], null),
    ];

    public static double Bonus(GuideSection section, QuestionFacet facets)
    {
        double bonus = 0;
        foreach (var (facet, headings, content) in Table)
        {
            if ((facets & facet) == 0) continue;
            if (headings.Any(h => section.Heading.Contains(h, StringComparison.Ordinal))) bonus += 1.0;
            if (content is not null && content.IsMatch(section.Text)) bonus += 0.4;
        }
        return bonus;
    }

    /// <summary>Whether <paramref name="section"/> is headed as answering the facet.</summary>
    public static bool HasHeading(GuideSection section, QuestionFacet facet) =>
        Table.Where(row => row.Facet == facet).Any(row => row.Headings.Any(h => section.Heading.Contains(h, StringComparison.Ordinal)));

    /// <summary>Whether any section of the guide is headed as answering the facet (a 材料 section for 材料).</summary>
    public static bool HasSectionFor(Guide guide, QuestionFacet facet) =>
        Table.Where(row => row.Facet == facet)
            .Any(row => guide.Sections.Any(s => row.Headings.Any(h => s.Heading.Contains(h, StringComparison.Ordinal))));

    [GeneratedRegex(@"\d+(\.\d+)?\s*元")]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"\d{1,2}月\d{1,2}日|\d{1,2}:\d{2}|周[一二三四五六日]|\d+\s*(分钟|小时|天|个工作日|日内)")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\d{7,}")]
    private static partial Regex PhonePattern();
}
