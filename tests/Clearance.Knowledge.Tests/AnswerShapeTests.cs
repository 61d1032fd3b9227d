using Clearance.Knowledge.Analysis;
using Clearance.Knowledge.Answers;
using Microsoft.Extensions.Time.Testing;

namespace Clearance.Knowledge.Tests;

/// <summary>The domain gate, the English vocabulary, what a question asks, and dated facts, on the real knowledge base.</summary>
public sealed class AnswerShapeTests
{
    private static readonly string[] Cqu = ["重庆大学", "重大"];
    private static readonly string[] Others = ["北大", "清华", "矿大", "北京邮电大学", "pku"];

    [Theory]
    [InlineData("你好", QuestionScope.Smalltalk)]
    [InlineData("老师好！", QuestionScope.Smalltalk)]
    [InlineData("谢谢啦 辛苦了", QuestionScope.Smalltalk)]
    [InlineData("你是谁 能干嘛", QuestionScope.Smalltalk)]
    [InlineData("嗨 你能帮我做什么呀", QuestionScope.Smalltalk)]
    [InlineData("你好 退宿去哪里办", QuestionScope.Guides)]
    [InlineData("北大的离校手续怎么办", QuestionScope.OtherSchool)]
    [InlineData("西南大学研究生离校流程", QuestionScope.OtherSchool)]
    [InlineData("我想问一下北京邮电大学还书", QuestionScope.OtherSchool)]
    [InlineData("how does pku do it", QuestionScope.OtherSchool)]
    [InlineData("重庆大学研究生离校流程", QuestionScope.Guides)]
    [InlineData("我想问重大的一卡通", QuestionScope.Guides)]
    [InlineData("毕业后去别的大学读研 档案怎么办", QuestionScope.Guides)]
    [InlineData("我是大学生 离校要办什么", QuestionScope.Guides)]
    [InlineData("帮我写一首毕业诗", QuestionScope.OutOfDomain)]
    [InlineData("给导师写封感谢信", QuestionScope.OutOfDomain)]
    [InlineData("明天天气怎么样", QuestionScope.OutOfDomain)]
    [InlineData("论文怎么提交", QuestionScope.Guides)]
    public void TheDomainGateSaysWhatKindOfMessageItIs(string question, QuestionScope expected) =>
        Assert.Equal(expected, DomainGate.Classify(question, Cqu, Others, _ => false));

    /// <summary>A short name the guides hold only inside a longer word (北大 in 北大厅) is another school everywhere else.</summary>
    [Theory]
    [InlineData("我是北化的 想打听北大的毕业证咋领", QuestionScope.OtherSchool)]
    [InlineData("北大的学生证补办去哪", QuestionScope.OtherSchool)]
    [InlineData("北大厅那台自助补卡机几点能用", QuestionScope.Guides)]
    public void ANameInsideAGuideWordIsOursOnlyThere(string question, QuestionScope expected) =>
        Assert.Equal(expected, DomainGate.Classify(question, ["北京化工大学", "北化"], Others,
            run => "自助补卡机位置（北区）：教学楼b北大厅、图书馆一层大厅".Contains(run, StringComparison.Ordinal)));

    [Theory]
    [InlineData("cqu", "我刚网上交了学费 离校系统多久能显示")]
    [InlineData("cqu", "欠的住宿费可以网上交吗")]
    [InlineData("buct", "捡到别人的东西交给哪个窗口")]
    [InlineData("cumt", "完成电子版论文提交以后呢")]
    [InlineData("bupt", "有重大变化怎么办")]
    public void AnOrdinaryWordHoldingAShortSchoolNameIsNotAnotherSchool(string school, string question) =>
        Assert.Equal(QuestionScope.Guides, new AnswerService(RealKnowledgeBase.Knowledge).Scope(school, question));

    [Theory]
    [InlineData("bupt", "矿大的还书地址是啥")]
    [InlineData("cqu", "北大研究生怎么离校")]
    [InlineData("cumt", "北京邮电大学图书馆怎么还书")]
    public void AnotherLoadedSchoolOrAKnownShortNameIsAnotherSchool(string school, string question) =>
        Assert.Equal(QuestionScope.OtherSchool, new AnswerService(RealKnowledgeBase.Knowledge).Scope(school, question));

    [Fact]
    public void ACollegeTheGuidesNameIsNotAnotherSchool() =>
        Assert.Equal(QuestionScope.Guides, DomainGate.Classify("外国语大学的同学怎么办", Cqu, Others, text => text.Contains("外国语大学")));

    [Theory]
    [InlineData("where is window 17", " 在哪 ", " 窗口 ")]
    [InlineData("my student id card is lost", " 学生证 ", null)]
    [InlineData("check-out of the dorm", " 离校 ", null)]
    public void EnglishIsReadAsTheCampusWordsItStandsFor(string question, string contains, string? alsoContains)
    {
        var english = EnglishVocabulary.Parse("""
            where, where is = 在哪
            window = 窗口
            student id card, student id = 学生证
            id card = 身份证
            check out, checkout = 离校, 离校手续
            dorm = 宿舍
            the, of, my, is = -
            """);

        var translated = english.Translate(question);

        Assert.Contains(contains, translated);
        if (alsoContains is not null) Assert.Contains(alsoContains, translated);
        Assert.DoesNotContain("身份证", translated);
        Assert.DoesNotContain(" the ", " " + translated + " ");
    }

    [Theory]
    [InlineData("学工办周五几点下班", FactAsked.Hours)]
    [InlineData("海外学习窗口啥时候开", FactAsked.Hours)]
    [InlineData("集中办理几号截止", FactAsked.Date)]
    [InlineData("补卡要几天", FactAsked.Duration)]
    [InlineData("补卡多少钱", FactAsked.Fee)]
    [InlineData("退宿要带什么", FactAsked.Materials)]
    [InlineData("财务处电话多少", FactAsked.Phone)]
    [InlineData("在哪交", FactAsked.Where)]
    [InlineData("必须本人去吗", FactAsked.Verdict)]
    [InlineData("网上能办吗", FactAsked.Verdict)]
    [InlineData("周五下午还开吗", FactAsked.Hours)]
    [InlineData("截止那天一次还清 还算利息不", FactAsked.Verdict)]
    [InlineData("贷款到了截止日期当天全部还清的话还要算利息吗", FactAsked.Verdict)]
    [InlineData("学工办周五下午还开门吗", FactAsked.Hours)]
    [InlineData("初始密码是多少", FactAsked.Detail)]
    [InlineData("退宿怎么办", FactAsked.None)]
    [InlineData("水电结清归哪个部门管", FactAsked.Office)]
    [InlineData("这事谁负责", FactAsked.Office)]
    [InlineData("离校服务在什么时间段受理", FactAsked.Hours)]
    [InlineData("表格上要填什么", FactAsked.Detail)]
    [InlineData("需要 本人 去", FactAsked.Verdict)]
    [InlineData("自助机上为啥办不了", FactAsked.Reason)]
    [InlineData("一直办不了是为啥 要去哪弄", FactAsked.Reason)]
    public void AQuestionAsksOneFactOrAVerdict(string question, FactAsked expected) =>
        Assert.Equal(expected, FactLead.Classify(QuestionAnalyzer.Compact(question)));

    [Theory]
    [InlineData("集中办理时间为2018年6月25日至2018年7月2日", null, 2026, "（2018年通知的日期，今年以学校当年通知为准）")]
    [InlineData("6月25日--6月29日办理", 2018, 2026, "（2018年通知的日期，今年以学校当年通知为准）")]
    [InlineData("6月25日--6月29日办理", 2026, 2026, "")]
    [InlineData("集中办理时间为2018年6月25日", null, 2018, "")]
    [InlineData("周一至周四9:00-17:00", 2018, 2026, "")]
    public void ADateFromAnOlderNoticeSaysWhichYearItIsFrom(string text, int? guideYear, int currentYear, string expected) =>
        Assert.Equal(expected, FactLead.DatedNote(text, guideYear, currentYear));

    [Fact]
    public void TheSameQuestionInTheNoticesOwnYearCarriesNoNote()
    {
        var then = new FakeTimeProvider(new DateTimeOffset(2018, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var now = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));

        var in2018 = new AnswerService(RealKnowledgeBase.Knowledge, then) { CacheAnswers = false }.Ask("cqu", "集中办理离校什么时候开始");
        var in2026 = new AnswerService(RealKnowledgeBase.Knowledge, now) { CacheAnswers = false }.Ask("cqu", "集中办理离校什么时候开始");

        Assert.DoesNotContain("以学校当年通知为准", in2018.Text);
        Assert.Contains("2018年通知的日期", in2026.Text);
    }

    /// <summary>
    /// The first line answers what was asked, whichever guide or statement holds it: a fact the best guide leaves out
    /// but its neighbour states, the statement naming the word beside "写谁/哪个部门", the office in charge, the rule
    /// for a student who lives off campus, an English "Do I have to…".
    /// </summary>
    [Theory]
    [InlineData("cumt", "离校服务交上去以后几天能办好", "1-3")]
    [InlineData("bupt", "邮寄还书的收件人是谁", "郭莉森")]
    [InlineData("bjtu", "水电结清归哪个部门管", "节能办")]
    [InlineData("cumt", "离校服务由哪个部门主办", "信息化建设与管理处")]
    [InlineData("cumt", "我一直住校外 退宿还要办吗", "不需要")]
    [InlineData("cqu", "Do I have to visit 校医院 if I don't owe them money?", "不需要")]
    [InlineData("cumt", "研究生离校服务在什么时间段办理", "工作时间")]
    [InlineData("buct", "what are the opening hours of window 9", "周四")]
    [InlineData("buct", "window 12 overseas study 几点开", "14:00")]
    [InlineData("cumt", "提交完了发现填错了 能再提交吗", "不可以")]
    [InlineData("cqu", "能不能先注销学生证 别的以后再办", "不可以")]
    [InlineData("bjtu", "为什么自助机上信息中心手续一直办不成", "原因")]
    [InlineData("cqu", "导师不在学校 确认书一定要导师本人签吗", "不需要")]
    public void TheFirstLineIsWhatWasAsked(string school, string question, string expected)
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask(school, question);

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains(expected, answer.Text.Split('\n')[0]);
    }

    /// <summary>
    /// A mistyped character that the segmenter joins with its neighbour into a rarer real word ("一卡同里" → 同里, a place
    /// name) no longer sinks the question; a whole word before a real one ("毕业户口") is no typo of 毕业证.
    /// </summary>
    [Fact]
    public void ATyposNeighbourIsNotLeftBehindAsATopic()
    {
        var service = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false };

        var typo = service.Ask("bjtu", "一卡同里的余额毕业了怎么退");
        Assert.True(typo.Answered, typo.Text);
        Assert.Contains("余额", typo.Text.Split('\n')[0] + typo.Guide?.Title);

        var hukou = service.Ask("bjtu", "毕业户口迁出去哪办");
        Assert.False(hukou.Answered, hukou.Text);
    }

    /// <summary>
    /// A long message tells where the student is before it asks, and asks "A还是B": the story's words that no guide
    /// uses weigh next to nothing, and the service the question is about answers.
    /// </summary>
    [Theory]
    [InlineData("bupt", "我已经离校回老家了 还有两本书没还 有一本实在找不到了 这种情况怎么弄 寄回去还是得回学校", "bupt/library-clearance")]
    [InlineData("cqu", "我下周就离校了 手续基本都办了 一卡通管理中心那边现在就去结算还是最后再去", "cqu/campus-card-settlement")]
    public void ALongMessageIsAnsweredByWhatItAsks(string school, string question, string guide)
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask(school, question);

        Assert.True(answer.Answered, answer.Text);
        Assert.Equal(guide, answer.Guide?.Id);
    }

    /// <summary>A window's own guide lists every service done there; asked how, the service's own guide answers.</summary>
    [Fact]
    public void AskedHowTheServicesGuideAnswersNotItsWindowsList()
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask("buct", "校园地的助学代款毕业了咋还");

        Assert.True(answer.Answered, answer.Text);
        Assert.NotEqual("buct/window-03-student-loans", answer.Guide?.Id);
        Assert.Equal("3号窗口", answer.Guide?.Window);
    }

    /// <summary>A service that offers two ways (pay, or replace the book) names the other way beside the one it shows.</summary>
    [Fact]
    public void TheOtherWaysOfAServiceAreNamed()
    {
        var service = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false };

        var howTo = service.Ask("bupt", "书丢了要怎么赔");
        var related = howTo.Text.Split('\n').Single(l => l.StartsWith("相关：", StringComparison.Ordinal));
        Assert.Contains(howTo.Guide!.Id == "bupt/lost-book-replacement" ? "赔款" : "赔书", related);

        // One fact asked is that fact, with nothing beside it.
        Assert.DoesNotContain("相关：", service.Ask("bupt", "书丢了赔款打哪个电话").Text);
    }

    /// <summary>An English name the guides use themselves (Kindle) is kept beside its translation (设备) and finds its guide.</summary>
    [Fact]
    public void AnEnglishNameTheGuidesUseFindsItsGuide()
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask("cqu", "library kindle - where should it go back to?");

        Assert.True(answer.Answered, answer.Text);
        Assert.Equal("cqu/library-device-return", answer.Guide?.Id);
    }

    /// <summary>"on campus" says it is at school, not which campus; "办到几号" asks a date, it names no service.</summary>
    [Theory]
    [InlineData("buct", "is there a machine for train tickets on campus", "buct/train-ticket-machine")]
    [InlineData("bjtu", "研究生离校手续从几号办到几号", "bjtu/clearance-overview")]
    public void WordsThatNameNoServiceDoNotSinkTheQuestion(string school, string question, string guide)
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask(school, question);

        Assert.True(answer.Answered, answer.Text);
        Assert.Equal(guide, answer.Guide?.Id);
    }

    [Fact]
    public void AHowToQuestionGetsTheStepsNotOnlyTheDescription()
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask("buct", "学生证丢了怎么办");

        Assert.Contains("流程：", answer.Text);
        Assert.Contains("教务管理系统", answer.Text);
    }

    [Fact]
    public void FindingSomethingIsTheLostAndFound()
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask("buct", "捡到一个钱包该交到哪");

        Assert.Equal("buct/lost-and-found", answer.Guide?.Id);
    }

    [Theory]
    [InlineData("超期欠了5元 离校要交吗", "不需要")]
    [InlineData("超期欠了15元 离校要交吗", "需要")]
    public void AnAmountIsJudgedAgainstTheRulesBound(string question, string verdict)
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask("cqu", question);

        Assert.StartsWith(verdict + "。", answer.Text);
    }

    [Fact]
    public void AFollowUpKeepsTheDegreeTheQuestionBeforeItNamed()
    {
        var service = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false };
        var first = service.Ask("bjtu", "研究生离校注销从几号开始");

        var next = service.Ask("bjtu", "到几号截止", first.Guide?.Id, "研究生离校注销从几号开始");

        Assert.Contains("研究生", next.Text.Split('\n')[0]);
        Assert.DoesNotContain("本科生", next.Text.Split('\n')[0]);
    }

    [Theory]
    [InlineData("你到底是真人还是AI", QuestionScope.Smalltalk)]
    [InlineData("hi there, what can you do", QuestionScope.Smalltalk)]
    [InlineData("你是人工还是机器人呀", QuestionScope.Smalltalk)]
    [InlineData("are you a robot?", QuestionScope.Smalltalk)]
    [InlineData("写一首七言绝句送给室友", QuestionScope.OutOfDomain)]
    [InlineData("帮我写一封实习单位要的个人推荐信", QuestionScope.OutOfDomain)]
    [InlineData("替我拟个勤工助学岗位的申请 800字", QuestionScope.OutOfDomain)]
    [InlineData("申请书要写什么内容", QuestionScope.Guides)]
    public void LongerSmalltalkPhrasesAndWritingRequestsAreKnown(string question, QuestionScope expected) =>
        Assert.Equal(expected, DomainGate.Classify(question, Cqu, Others, _ => false));

    /// <summary>Short names of other universities from universities.txt, through the school's own gate.</summary>
    [Theory]
    [InlineData("川大的毕业生离校怎么办")]
    [InlineData("厦大图书馆还书流程")]
    public void ShortNamesOfOtherUniversitiesAreAnotherSchool(string question) =>
        Assert.Equal(QuestionScope.OtherSchool, new AnswerService(RealKnowledgeBase.Knowledge).Scope("cqu", question));

    /// <summary>Pinyin initials students type (bks, dh) are read as the words they stand for.</summary>
    [Fact]
    public void PinyinInitialsNameTheirWords()
    {
        var service = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false };

        var degree = service.Ask("bjtu", "bks离校注销从哪天开始");
        var phone = service.Ask("buct", "校园卡补卡的dh");

        Assert.Contains("本科生", degree.Text.Split('\n')[0]);
        Assert.DoesNotContain("研究生", degree.Text.Split('\n')[0]);
        Assert.StartsWith("☎", phone.Text);
    }

    /// <summary>A question word inside a 能…吗 clause is what is asked about; the verdict still leads.</summary>
    [Theory]
    [InlineData("bupt", "在图书馆公众号里能看到自己还有哪些书没还吗")]
    [InlineData("cqu", "除了教务秘书和研工办以外 别的几个环节能同时办吗")]
    public void AYesNoClauseWithAQuestionWordInsideLeadsWithTheVerdict(string school, string question)
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask(school, question);

        Assert.True(answer.Answered);
        Assert.StartsWith("可以。", answer.Text);
    }

    [Fact]
    public void AskedWhetherItCanBeDoneOnlineThenWhereTheOnlineWayLeadsWithTheVerdict()
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask("cqu", "拖欠的学费可以网上缴吗 到哪缴");

        Assert.StartsWith("可以。", answer.Text);
        Assert.Contains("pay.cqu.edu.cn", answer.Text.Split('\n')[0]);
    }

    [Fact]
    public void 在那办AtTheEndAsksWhere()
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask("buct", "校园卡丢了补卡在那办");

        Assert.StartsWith("📍", answer.Text);
    }

    /// <summary>"随便…都行吗" asks whether any choice will do: the rule answers it, it is not declined for those words.</summary>
    [Fact]
    public void AskingWhetherAnyChoiceWillDoIsAnsweredByTheRule()
    {
        var answer = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false }.Ask("bupt", "邮寄还书 随便哪家快递都行吗");

        Assert.True(answer.Answered);
        Assert.Contains("EMS", answer.Text);
    }
}
