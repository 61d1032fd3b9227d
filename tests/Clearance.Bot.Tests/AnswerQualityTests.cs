using System.Net.Http.Json;
using System.Text;
using Clearance.Bot.Chat;

namespace Clearance.Bot.Tests;

/// <summary>
/// Each class of answer-quality fault from issue 12, asked through real HTTP on /api/chat: dated notices carry their
/// year, the domain gate declines helpfully, a one-fact question leads with the fact, a yes/no question with the
/// verdict, a campus follow-up narrows, English is understood, and every reply fits one WeChat message.
/// </summary>
public sealed class AnswerQualityTests(AnswerQualityTests.App app) : IClassFixture<AnswerQualityTests.App>
{
    public sealed class App : IDisposable
    {
        public BotApplication Host { get; } = new();
        public void Dispose() => Host.Dispose();
    }

    private readonly HttpClient _client = app.Host.CreateClient();

    private async Task<ChatResponse> AskAsync(string school, string text, string? user = null)
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { userId = user ?? "q-" + Guid.NewGuid().ToString("N"), school, text });
        response.EnsureSuccessStatusCode();
        var chat = (await response.Content.ReadFromJsonAsync<ChatResponse>())!;
        Assert.True(Encoding.UTF8.GetByteCount(chat.Reply) <= 2048, $"{Encoding.UTF8.GetByteCount(chat.Reply)} bytes: {chat.Reply}");
        return chat;
    }

    private static string FirstLine(ChatResponse chat) => chat.Reply.Split('\n')[0];

    [Theory]
    [InlineData("cqu", "今年几号开始集中办理离校", "2018")]
    [InlineData("bjtu", "研究生离校注销什么时候办", "2012")]
    [InlineData("bupt", "还书最晚什么时候", "2022")]
    public async Task ADateFromAnOldNoticeCarriesItsYearAndIsNotPresentedAsThisYears(string school, string question, string year)
    {
        var chat = await AskAsync(school, question);

        Assert.True(chat.Answered, chat.Reply);
        Assert.Contains(year + "年通知", FirstLine(chat));
        Assert.Contains("以学校当年通知为准", FirstLine(chat));
    }

    [Theory]
    [InlineData("你好")]
    [InlineData("你是谁 能干嘛")]
    [InlineData("在吗")]
    [InlineData("hello")]
    public async Task AGreetingOrIdentityQuestionGetsWhatTheBotCanDo(string text)
    {
        var chat = await AskAsync("cqu", text);

        Assert.False(chat.Answered);
        Assert.Equal("smalltalk", chat.Intent);
        Assert.Contains("重庆大学", chat.Reply);
        Assert.Contains("绑定", chat.Reply);
        Assert.Empty(chat.Sources);
    }

    [Fact]
    public async Task ThanksGetAShortReplyNotTheNotFoundApology()
    {
        var chat = await AskAsync("cumt", "好的 谢谢老师");

        Assert.Equal("smalltalk", chat.Intent);
        Assert.DoesNotContain("没有找到", chat.Reply);
    }

    [Theory]
    [InlineData("bupt", "清华的图书馆怎么还书", "北京邮电大学")]
    [InlineData("bupt", "中国矿业大学的还书地址是啥", "北京邮电大学")]
    [InlineData("cqu", "西南大学研究生离校流程", "重庆大学")]
    [InlineData("buct", "北理工的校园卡怎么补", "北京化工大学")]
    public async Task AQuestionAboutAnotherUniversityIsDeclinedWithThisSchoolsContact(string school, string question, string name)
    {
        var chat = await AskAsync(school, question);

        Assert.False(chat.Answered, chat.Reply);
        Assert.Equal("other-school", chat.Intent);
        Assert.Contains("我只能回答" + name + "的离校问题", chat.Reply);
        Assert.Empty(chat.Sources);
    }

    [Theory]
    [InlineData("bupt", "北邮的书寄到哪里还")]
    [InlineData("bjtu", "北京交通大学一卡通余额怎么退")]
    [InlineData("cumt", "矿大研究生离校在哪办")]
    public async Task NamingTheSchoolItselfIsStillAnswered(string school, string question)
    {
        var chat = await AskAsync(school, question);

        Assert.True(chat.Answered, chat.Reply);
        Assert.Equal("knowledge", chat.Intent);
    }

    [Theory]
    [InlineData("帮我写一首毕业诗")]
    [InlineData("把离校手续翻译成英文")]
    [InlineData("明天天气怎么样")]
    [InlineData("马上毕业了好难过 陪我聊会天")]
    public async Task WritingTranslatingAndChattingAreDeclinedWithTheMenuNotAGuide(string text)
    {
        var chat = await AskAsync("cqu", text);

        Assert.False(chat.Answered, chat.Reply);
        Assert.Equal("fallback", chat.Intent);
        Assert.Empty(chat.Sources);
        Assert.DoesNotContain("来源", chat.Reply);
        Assert.Contains("提醒设置", chat.Reply);
    }

    [Theory]
    [InlineData("buct", "学工办周五几点下班", "12:00")]
    [InlineData("cqu", "一卡通管理中心电话多少", "65112096")]
    [InlineData("buct", "校园卡补办多少钱", "20元")]
    [InlineData("cumt", "网上办离校要几天", "1-3")]
    [InlineData("bupt", "还书寄到哪", "西土城路")]
    public async Task AOneFactQuestionLeadsWithThatFact(string school, string question, string fact)
    {
        var chat = await AskAsync(school, question);

        Assert.True(chat.Answered, chat.Reply);
        Assert.Contains(fact, FirstLine(chat));
        Assert.True(Encoding.UTF8.GetByteCount(chat.Reply) < 1500, chat.Reply);
    }

    [Fact]
    public async Task APhoneAskedWithoutACampusLeadsWithEveryCampussPhone()
    {
        var chat = await AskAsync("cqu", "一卡通管理中心电话多少");

        Assert.Contains("65112096", FirstLine(chat));
        Assert.Contains("65678188", FirstLine(chat));
    }

    [Fact]
    public async Task AFactTheGuideDoesNotStateIsSaidPlainlyWithAPhone()
    {
        // The cqu student-card guide gives no fee: the first line says so instead of quoting another section.
        var chat = await AskAsync("cqu", "注销学生证要交多少钱");

        Assert.StartsWith("指南没有写收费标准", FirstLine(chat));
        Assert.Matches(@"\d{7,}", FirstLine(chat));
    }

    [Theory]
    [InlineData("cqu", "我没有助学贷款 贷款中心那个环节还要去吗", "不需要")]
    [InlineData("cqu", "学生证丢了还能注销吗", "可以")]
    [InlineData("cumt", "离校服务能提交两次吗", "不可以")]
    public async Task AYesNoQuestionLeadsWithTheVerdict(string school, string question, string verdict)
    {
        var chat = await AskAsync(school, question);

        Assert.True(chat.Answered, chat.Reply);
        Assert.StartsWith(verdict, FirstLine(chat));
    }

    [Fact]
    public async Task ACampusFollowUpNarrowsTheAnswerToThatCampus()
    {
        var user = "campus-" + Guid.NewGuid().ToString("N");
        var first = await AskAsync("cqu", "一卡通余额去哪结算", user);
        var narrowed = await AskAsync("cqu", "我在虎溪校区", user);
        var phone = await AskAsync("cqu", "电话多少", user);

        Assert.Equal(first.Sources.Single().Id, narrowed.Sources.Single().Id);
        Assert.Contains("松园", FirstLine(narrowed));
        Assert.DoesNotContain("A区", FirstLine(narrowed));
        Assert.Contains("65678188", FirstLine(phone));
    }

    [Theory]
    [InlineData("buct", "where is window 17", "Where to go", "17号窗口")]
    [InlineData("buct", "how much does it cost to replace my campus card", "Fee", "20元")]
    [InlineData("cqu", "library 还书 where", "Where to go", "图书馆")]
    public async Task AnEnglishQuestionIsAnsweredInChineseWithAnEnglishLead(string school, string question, string lead, string fact)
    {
        var chat = await AskAsync(school, question);

        Assert.True(chat.Answered, chat.Reply);
        Assert.StartsWith(lead, FirstLine(chat));
        Assert.Contains(fact, chat.Reply);
    }

    [Fact]
    public async Task ATypoThatJoinsItsNeighbourIntoAnotherWordIsStillCorrected()
    {
        // 开始还数: 还书 mistyped, which across the typo reads 开始还 (a loan word).
        var chat = await AskAsync("bupt", "什么时候开始还数");

        Assert.True(chat.Answered, chat.Reply);
        Assert.StartsWith("bupt/", chat.Sources.Single().Id);
        Assert.DoesNotContain("贷款", chat.Reply);
    }
}
