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
    [InlineData("MAC地址清除", "mac地址")]
    [InlineData("MAC地址清除", "mac")]
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

    [Theory]
    [InlineData( // bupt
        "北京市海淀区西土城路10号北京邮电大学图书馆（收件人：郭莉森）", "北京 京市 北京市 海淀 淀区 海淀区 西 土城 土城路 10 号 北京 邮电 电大 大学 图书 书馆 图书馆 北京邮电大学图书馆 收件 收件人 郭 莉 森")]
    [InlineData( // buct
        "校园卡自助补办地点（北区）：教学楼B北大厅、图书馆一层大厅", "校园 校园卡 自助 补办 地点 北区 教学 教学楼 b 北 大厅 图书 书馆 图书馆 一层 大厅")]
    [InlineData( // bjtu
        "校园卡中的余额及网费余额合并后打入本人的中国银行卡内", "校园 校园卡 中 的 余额 及 网费 余额 网费余额 合并 后 打入 本人 的 中国 银行 银行卡 中国银行卡 内")]
    [InlineData( // cumt
        "当图书馆、档案馆、总务部公寓和财务处收费四个事项全部显示“通过”才可点击“提交离校服务”", "当 图书 书馆 图书馆 档案 档案馆 总务 总务部 公寓 和 财务 财务处 收费 四个 事项 四个事项 全部 显示 通过 才 可 点击 提交 离校 校服 服务 提交离校服务")]
    public void SentencesFromEachSchoolsGuidesSegmentAsExpected(string sentence, string expected)
    {
        // Search-mode segmentation: a campus word is kept whole (图书馆, 提交离校服务) beside its parts.
        Assert.Equal(expected, string.Join(' ', Words(sentence)));
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
