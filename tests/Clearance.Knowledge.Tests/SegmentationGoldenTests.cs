using Clearance.Knowledge.Analysis;

namespace Clearance.Knowledge.Tests;

/// <summary>Tokens in, tokens out, over sentences taken from the guides (like Lucene's analyser tests).</summary>
public sealed class SegmentationGoldenTests
{
    private static List<string> Words(string text)
    {
        _ = RealKnowledgeBase.Snapshot; // loads the campus dictionary into the segmenter
        return ChineseSegmenter.Shared.Words(ChineseSegmenter.Normalize(text));
    }

    [Theory]
    [InlineData("建议在其他并行环节办理完成后办理一卡通管理中心环节", "一卡通")]
    [InlineData("研究生院研工办是离校流程的最后环节", "研工办")]
    [InlineData("研究生院研工办是离校流程的最后环节", "离校")]
    [InlineData("请在各宿舍公寓管理员处办理退宿", "退宿")]
    [InlineData("交《毕业生登记表》", "毕业生登记表")]
    [InlineData("学院研究生教务秘书处收集导师签字的《导师准许离校确认书》", "教务")]
    [InlineData("有需要办理一卡通转校友卡的同学", "校友卡")]
    [InlineData("虎溪综合楼DZ106室9号、10号窗口", "dz106")]
    public void CampusWordsStayWhole(string sentence, string word)
    {
        Assert.Contains(word, Words(sentence));
    }

    [Fact]
    public void SentenceFromCquGuideSegmentsAsExpected()
    {
        var words = Words("离校系统中上述所有环节均已办理并全部显示为绿色的√，才能办理注销学生证手续");

        Assert.Equal(
            "离校 系统 离校系统 中 上述 所有 环节 均 已 办理 并 全部 显示 为 绿色 的 才能 办理 注销 学生 学生证 注销学生证 手续",
            string.Join(' ', words));
    }

    [Fact]
    public void BigramsCoverEveryCjkRunAndSkipPunctuation()
    {
        Assert.Equal(["退宿", "宿去", "去哪", "室"], ChineseSegmenter.Bigrams("退宿去哪，dz室"));
        Assert.Equal(["校园", "园卡"], ChineseSegmenter.Bigrams("校园卡"));
    }

    [Fact]
    public void NormalizationFoldsFullWidthAndCase()
    {
        Assert.Equal("ems 62282238", ChineseSegmenter.Normalize("ＥＭＳ ６２２８２２３８"));
    }
}
