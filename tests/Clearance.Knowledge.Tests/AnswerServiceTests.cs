using System.Text;
using Clearance.Knowledge.Answers;

namespace Clearance.Knowledge.Tests;

public sealed class AnswerServiceTests
{
    private static readonly AnswerService Answers = new(RealKnowledgeBase.Knowledge);

    [Theory]
    [InlineData("cqu", "退宿去哪里办", "65111348")]
    [InlineData("cqu", "学生证丢了怎么注销", "遗失")]
    [InlineData("cqu", "虎溪的一卡通在哪结算", "松园六幢")]
    [InlineData("bjtu", "延期的同学校园卡用到什么时候", "2013年7月15日")]
    [InlineData("cumt", "档案馆电话", "83592101")]
    [InlineData("bupt", "还书的邮寄地址是哪里", "西土城路")]
    [InlineData("buct", "昌平车证多少钱", "300元")]
    // One wrong or same-sounding character (two-character words: only a homophone, and no other topic word to lean on).
    [InlineData("cqu", "一卡同在哪结算", "一卡通")]
    [InlineData("cqu", "退速要交钥匙吗", "钥匙")]
    [InlineData("cqu", "退速去哪里办", "寝室钥匙")]
    [InlineData("cqu", "还带去哪里办", "助学贷款")]
    [InlineData("buct", "交费平台在哪", "缴费")]
    // Colloquial: question words (几天, 座机, 几块) are no topic; 办下来, 再办一张 are synonyms.
    [InlineData("cumt", "网上办离校通常几天能办下来", "1-3天")]
    [InlineData("bupt", "还书找谁 座机老打不通", "13488692088")]
    [InlineData("buct", "校园卡丢了再办一张几块钱", "20元")]
    // Latin letters: the Latin part of a mixed campus word (MAC地址), and pinyin initials (ykt = 一卡通).
    [InlineData("buct", "MAC咋清", "无感知认证")]
    [InlineData("buct", "ykt丢了补一张多少钱", "20元")]
    // The library's guides (EMS return, contacts, lost books) run close to each other; that is no doubt about whom
    // to call, so the margin is taken against another office's guide.
    [InlineData("bupt", "还书这块有问题打谁电话啊", "62282621")]
    [InlineData("bupt", "我咋知道自己还有几本书没还", "借阅")]
    public void AnswersFromTheRightGuide(string school, string question, string expected)
    {
        var answer = Answers.Ask(school, question);

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains(expected, answer.Text);
        Assert.Contains("来源：", answer.Text);
    }

    // The contact each school.yml names, written out: bjtu lists no phone, so its decline names the service hall.
    [Theory]
    [InlineData("cqu", "重庆火锅哪家好吃", "023-65111635")]
    [InlineData("cumt", "矿大的校园卡怎么充值", "0516-83592137")]
    [InlineData("bupt", "北邮几号开学", "62282621")]
    [InlineData("bjtu", "考研报名在哪报", "一站式服务大厅")]
    [InlineData("buct", "宿舍空调坏了找谁修", "80191130")]
    public void DeclinesWhatTheGuidesDoNotCoverAndOffersTheContact(string school, string question, string contact)
    {
        var answer = Answers.Ask(school, question);

        Assert.False(answer.Answered, answer.Text);
        Assert.Contains(contact, answer.Text);
    }

    [Fact]
    public void FollowUpStaysWithThePreviousGuide()
    {
        var first = Answers.Ask("cqu", "研究生教育服务中心要办什么");
        var followUp = Answers.Ask("cqu", "电话多少", first.Guide!.Id);

        Assert.Equal(first.Guide.Id, followUp.Guide?.Id);
        Assert.Contains("65112081", followUp.Text);
    }

    [Theory]
    [InlineData("cqu", "退宿去哪里办", "65111348")]
    [InlineData("cumt", "退宿在哪办", "0516-83590327")]
    public void AskingWhatToBringStaysWithAServiceWhoseGuideListsNoMaterials(string school, string first, string phone)
    {
        var topic = Answers.Ask(school, first);
        var materials = Answers.Ask(school, "那要带什么材料?", topic.Guide!.Id);
        var phoneAnswer = Answers.Ask(school, "电话多少?", materials.Guide?.Id);

        // Before: any guide with a 材料 section covered "材料" fully and took the follow-up over.
        Assert.Equal(topic.Guide.Id, materials.Guide?.Id);
        // The first line says so, and gives the service's phone to ask instead.
        Assert.StartsWith("这项手续的指南没有列出需要携带的材料", materials.Text);
        Assert.Contains(phone, materials.Text.Split('\n')[0]);
        Assert.Equal(topic.Guide.Id, phoneAnswer.Guide?.Id);
        Assert.Contains(phone, phoneAnswer.Text);
    }

    [Theory]
    [InlineData("buct", "户籍证明在哪开", "带啥", "身份证")]
    [InlineData("buct", "户籍证明在哪开", "几点下班啊 周五呢", "周五:9:00-12:00")]
    [InlineData("buct", "集体户口身份证过期了 换证介绍信在哪开", "要交钱不", "40元")]
    [InlineData("cqu", "毕业后还想在图书馆借书怎么办", "虎溪那边在哪办", "虎溪图书馆一楼")]
    public void ShortFollowUpsAskingOnlyWhatOrWhereStayWithTheService(string school, string first, string followUp, string expected)
    {
        var topic = Answers.Ask(school, first);
        var answer = Answers.Ask(school, followUp, topic.Guide!.Id);

        Assert.Equal(topic.Guide.Id, answer.Guide?.Id);
        Assert.Contains(expected, answer.Text);
    }

    [Fact]
    public void AskingWhatToBringForAServiceWithMaterialsAnswersFromThatSection()
    {
        var topic = Answers.Ask("bjtu", "一卡通转校友卡在哪办");
        var materials = Answers.Ask("bjtu", "那要带什么材料?", topic.Guide!.Id);

        Assert.Equal(topic.Guide.Id, materials.Guide?.Id);
        Assert.Equal("材料", materials.Section);
        Assert.DoesNotContain(AnswerService.NoMaterialsListed, materials.Text);
    }

    [Theory]
    [InlineData("要带什么材料")]
    [InlineData("几点上班")]
    public void AQuestionNamingNoServiceIsNotGuessedAtTheStartOfAConversation(string question)
    {
        var answer = Answers.Ask("cqu", question);

        Assert.False(answer.Answered);
    }

    [Fact]
    public void AnswerPicksTheSectionThatMatchesTheFacetNotTheWholeGuide()
    {
        var answer = Answers.Ask("buct", "昌平车证多少钱");

        Assert.Equal("费用", answer.Section);
        Assert.DoesNotContain("## ", answer.Text);
        Assert.True(answer.Text.Length < string.Join("\n", answer.Guide!.Sections.Select(s => s.Text)).Length + 200);
    }

    [Fact]
    public void EveryAnswerFitsOneWeChatTextMessage()
    {
        foreach (var school in RealKnowledgeBase.Snapshot.Schools.Values)
        {
            foreach (var guide in school.Guides)
            {
                var answer = Answers.Ask(school.Profile.Id, guide.Title);
                Assert.True(Encoding.UTF8.GetByteCount(answer.Text) <= AnswerService.MaxReplyBytes, guide.Id);
            }
        }
    }

    [Fact]
    public void FitBytesCutsOnACharacterBoundary()
    {
        var text = new string('离', 1000);

        var cut = MessageText.FitAtLine(text, 100);

        Assert.True(Encoding.UTF8.GetByteCount(cut) <= 100);
        Assert.EndsWith("…", cut);
        Assert.DoesNotContain('\uFFFD', cut);
    }

    [Fact]
    public void UnknownSchoolIsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => Answers.Ask("mit", "退宿"));
    }
}

public sealed class FollowUpTests
{
    private static readonly AnswerService Answers = new(RealKnowledgeBase.Knowledge);

    [Theory]
    [InlineData("火星基地的签证怎么办")]
    [InlineData("重庆火锅哪家好吃")]
    public void AnUnrelatedQuestionAfterAnAnswerIsNotAnsweredWithThePreviousGuide(string question)
    {
        var first = Answers.Ask("cqu", "研究生教育服务中心要办什么");

        var next = Answers.Ask("cqu", question, first.Guide!.Id);

        Assert.False(next.Answered, next.Text);
    }
}

public sealed class AnswerCacheTests
{
    [Fact]
    public void RepeatedQuestionIsServedFromTheCacheUntilTheKnowledgeBaseReloads()
    {
        var knowledge = new KnowledgeBase(
            Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<KnowledgeBase>.Instance);
        var answers = new AnswerService(knowledge);

        var first = answers.Ask("cqu", "退宿去哪里办");
        var again = answers.Ask("cqu", "退宿去哪里办");
        var followUp = answers.Ask("cqu", "退宿去哪里办", "cqu/library-clearance");
        knowledge.Reload();
        var afterReload = answers.Ask("cqu", "退宿去哪里办");

        Assert.Same(first, again);
        Assert.NotSame(first, followUp);
        Assert.NotSame(first, afterReload);
        Assert.Equal(first.Text, afterReload.Text);
    }
}
