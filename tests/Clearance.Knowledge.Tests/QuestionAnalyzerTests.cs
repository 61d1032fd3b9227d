using Clearance.Knowledge.Analysis;

namespace Clearance.Knowledge.Tests;

public sealed class QuestionAnalyzerTests
{
    private static AnalyzedQuestion Analyze(string question) =>
        RealKnowledgeBase.Snapshot.School("buct")!.Index.Analyzer.Analyze(question);

    [Theory]
    [InlineData("离校系统咋还是没变")]
    [InlineData("图书馆怎么一直不通过")]
    [InlineData("为什么还显示欠费")]
    public void AskingWhyIsARuleQuestionNotAskingForSteps(string question)
    {
        var facets = Analyze(question).Facets;

        Assert.True(facets.HasFlag(QuestionFacet.Rule), facets.ToString());
        Assert.False(facets.HasFlag(QuestionFacet.Procedure), facets.ToString());
    }

    [Fact]
    public void AskingHowIsStillAProcedureQuestion()
    {
        Assert.True(Analyze("校园卡丢了怎么补办").Facets.HasFlag(QuestionFacet.Procedure));
    }

    [Fact]
    public void HowMuchAndMeasureWordsAreNotTopicWords()
    {
        var question = Analyze("饭卡丢了补一张要几块");

        Assert.True(question.Facets.HasFlag(QuestionFacet.Fee));
        Assert.DoesNotContain("几块", question.TopicWords);
        Assert.DoesNotContain("一张", question.TopicWords);
        Assert.Contains("补办", question.TopicWords);
    }

    [Fact]
    public void ThisPartAndThatPartSayNothingAboutTheTopic()
    {
        var words = Analyze("还书这块有问题打谁电话").TopicWords;

        Assert.DoesNotContain("这块", words);
        Assert.Contains("还书", words);
    }

    [Theory]
    [InlineData("旧卡里的钱多久能到", "余额")]
    [InlineData("借的书没还完", "借阅")]
    public void SynonymsHoldingAFillerCharacterAreStillFound(string question, string canonical)
    {
        // 的 is taken out of the topic as grammar; the synonym 卡里的钱 (余额) must be seen before it goes.
        Assert.Contains(canonical, Analyze(question).TopicWords);
    }
}
