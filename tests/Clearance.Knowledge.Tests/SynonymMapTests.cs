using Clearance.Knowledge.Analysis;

namespace Clearance.Knowledge.Tests;

public sealed class SynonymMapTests
{
    private static readonly SynonymMap Map = SynonymMap.Parse("# comment\n一卡通 校园卡 饭卡\n退宿 退房 退寝\n还贷 还款\n借书证 证件状态\n");

    [Theory]
    [InlineData("校园卡余额怎么退", "一卡通")]
    [InlineData("退房找谁", "退宿")]
    [InlineData("还款日是哪天", "还贷")]
    [InlineData("证件状态显示未注销", "借书证")]
    public void FoldsAnyMemberToTheGroupsFirstWord(string text, string canonical)
    {
        Assert.Contains(canonical, Map.CanonicalsIn(text));
    }

    [Fact]
    public void CanonicalOfAWordOutsideEveryGroupIsItself()
    {
        Assert.Equal("图书馆", Map.CanonicalOf("图书馆"));
        Assert.Equal("一卡通", Map.CanonicalOf("饭卡"));
    }

    [Fact]
    public void RealSynonymFileHasTheCampusGroups()
    {
        var synonyms = RealKnowledgeBase.Snapshot.School("cqu")!.Index.Analyzer.Synonyms;

        Assert.Equal("一卡通", synonyms.CanonicalOf("校园卡"));
        Assert.Equal("退宿", synonyms.CanonicalOf("退寝"));
        Assert.Equal("还贷", synonyms.CanonicalOf("还款"));
        Assert.Equal("借书证", synonyms.CanonicalOf("证件状态"));
    }
}
