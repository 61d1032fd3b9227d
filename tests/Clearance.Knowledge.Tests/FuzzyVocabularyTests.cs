using Clearance.Knowledge.Analysis;

namespace Clearance.Knowledge.Tests;

public class FuzzyVocabularyTests
{
    private static readonly Homophones Sounds = Homophones.Parse("宿速素诉\n代带待贷\n费飞非\n还孩海 换还环");
    private static readonly FuzzyVocabulary Vocabulary = new(["退宿", "退费", "还贷", "一卡通"], Sounds);

    private static List<FuzzyCorrection> Correct(string text, params string[] known) =>
        [.. Vocabulary.Corrections(text, run => known.Contains(run))];

    [Theory]
    [InlineData("退速去哪", "退速", "退宿")]
    [InlineData("还带在哪办", "还带", "还贷")]
    [InlineData("一卡同丢了", "一卡同", "一卡通")]
    public void ARunOneHomophoneAwayFromACampusWordMeansThatWord(string question, string window, string word)
    {
        Assert.Contains(new FuzzyCorrection(window, word), Correct(question));
    }

    [Fact]
    public void TwoCharacterWordsAreNotMatchedThroughAnyOtherCharacter()
    {
        // 退卡 is one character from 退宿 and 退费, but sounds like neither: it must stay what it is.
        Assert.Empty(Correct("退卡在哪"));
    }

    [Fact]
    public void TextTheGuidesContainIsNeverATypo()
    {
        Assert.Empty(Correct("退速在哪", known: "退速"));
    }

    [Fact]
    public void AFunctionCharacterIsNotTakenForAMistypedOne()
    {
        // 还 is a homophone group member (hai), but as a function character it does not stand for 孩 or 海.
        var vocabulary = new FuzzyVocabulary(["孩贷"], Sounds);
        Assert.Empty(vocabulary.Corrections("还贷", _ => false));
    }

    [Fact]
    public void ACharacterInSeveralGroupsSoundsLikeEveryGroup()
    {
        Assert.Contains('孩', Sounds.Of('还'));
        Assert.Contains('环', Sounds.Of('还'));
        Assert.DoesNotContain('环', Sounds.Of('孩'));
        Assert.DoesNotContain('还', Sounds.Of('还'));
    }
}
