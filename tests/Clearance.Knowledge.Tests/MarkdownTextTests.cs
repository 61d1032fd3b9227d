using Clearance.Knowledge.Answers;

namespace Clearance.Knowledge.Tests;

/// <summary>What WeChat and WeCom show of a guide's Markdown: they render nothing, so tables and headings become text.</summary>
public sealed class MarkdownTextTests
{
    [Fact]
    public void ATableBecomesOneLinePerRowLabelledByItsHeaderAndTheSeparatorRowGoes()
    {
        const string markdown = """
            各部门办理说明如下：
            | 部门 | 办理说明 |
            |---|:---:|
            | 节能办 | 所有学生都需要去办理水电结清手续 |
            | 资助中心 | 有助学贷款的学生需要去办理 |
            办完后领取毕业证。
            """;

        Assert.Equal(
            """
            各部门办理说明如下：
            部门：节能办；办理说明：所有学生都需要去办理水电结清手续
            部门：资助中心；办理说明：有助学贷款的学生需要去办理
            办完后领取毕业证。
            """.ReplaceLineEndings("\n"),
            MarkdownText.Plain(markdown.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void ATableCellThatIsEmptyIsLeftOutAndAnEscapedPipeStays()
    {
        const string markdown = """
            | 事项 | 显示的信息 | 通过条件 |
            | --- | --- | --- |
            | 档案馆 | | 论文提交状态为“已审核” |
            | 图书馆 | 欠款 \| 违章 | 无欠费 |
            """;

        Assert.Equal(
            "事项：档案馆；通过条件：论文提交状态为“已审核”\n事项：图书馆；显示的信息：欠款 | 违章；通过条件：无欠费",
            MarkdownText.Plain(markdown.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void RowsWithoutAHeaderAreTheirCellsJoined()
    {
        Assert.Equal("导师；签字", MarkdownText.Plain("| 导师 | 签字 |"));
    }

    [Fact]
    public void HeadingMarkersOfAnyLevelGoButANumberAfterAHashStays()
    {
        const string markdown = """
            # 离校
            ## 材料
            ###注意事项
            #1号窗口
            """;

        Assert.Equal("离校\n材料\n注意事项\n#1号窗口", MarkdownText.Plain(markdown.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void EveryGuideSectionOfTheRealKnowledgeBaseIsFreeOfTableRowsAndHeadingMarkers()
    {
        var sections = RealKnowledgeBase.Snapshot.Schools.Values.SelectMany(s => s.Guides).SelectMany(g => g.Sections.Select(s => (g.Id, s)));

        foreach (var (id, section) in sections)
        {
            foreach (var line in MarkdownText.Plain(section.Text).Split('\n'))
            {
                Assert.False(line.TrimStart().StartsWith('|'), $"{id} § {section.Heading}: {line}");
                Assert.False(line.TrimStart().StartsWith('#'), $"{id} § {section.Heading}: {line}");
            }
        }
    }
}
