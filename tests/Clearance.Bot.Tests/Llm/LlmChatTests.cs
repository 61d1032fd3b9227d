using System.Text;
using Clearance.Bot.Llm;
using Clearance.Knowledge;
using Clearance.Knowledge.Answers;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Llm;

/// <summary>The real host with <c>Llm:Endpoint</c> pointing at a fake OpenAI-compatible model on 127.0.0.1.</summary>
public sealed class LlmApp : IAsyncLifetime
{
    public FakeChatModel Model { get; private set; } = null!;
    public BotApplication Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await FakeChatModel.StartAsync();
        Host = new BotApplication(new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = Model.Endpoint.ToString(),
            ["Llm:Model"] = "fake-model",
            ["Llm:ApiKey"] = "test-key",
            // The seeded demo roster, so a student can bind (张三 20181234 / 123456) for the tool-call test.
            ["Clearance:DemoData"] = "true",
        });
        Client = Host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Host.Dispose();
        await Model.DisposeAsync();
    }

    public ClearanceStatus.Conversation User(string userId) => new(Host.WebUser(userId), userId, "cqu");

    /// <summary>What the deterministic path answers, to compare the fallback with.</summary>
}

public sealed class LlmChatTests(LlmApp app) : IClassFixture<LlmApp>
{
    private const string Question = "退宿去哪里办";
    private const string CitedAnswer = "退宿就是退还寝室钥匙，按校区到学生公寓管理中心办理：A区在A区学生六公寓一楼，B区在B区学生八宿舍旁，虎溪校区在学生服务中心Z106三号窗口[1]。";

    private const string DormitorySource = "来源：学生公寓管理中心：退还寝室钥匙（退宿）（cqu/dormitory-key-return）";

    /// <summary>
    /// The answer without the model, described by what it must say rather than by calling the answer service again:
    /// the guide's places and phone, its source line, and no citation marker (those are the model's).
    /// </summary>
    private static void IsTheExtractiveDormitoryAnswer(string reply)
    {
        Assert.Contains("A区学生六公寓一楼", reply);
        Assert.Contains("☎ 电话：65111348", reply);
        Assert.EndsWith(DormitorySource, reply);
        Assert.DoesNotContain("[1]", reply);
    }

    [Fact]
    public async Task WithTheModelTheAnswerCarriesItsTextTheCardAndThePassagesSources()
    {
        app.Model.Behaviour = FakeChatModel.Answer(CitedAnswer);
        var before = app.Model.Requests.Count;

        var reply = await app.User("llm-cited").Says(Question);

        Assert.True(reply.Answered);
        Assert.Equal("knowledge", reply.Intent);
        Assert.StartsWith(CitedAnswer, reply.Reply);
        Assert.Contains("☎ 电话：65111348", reply.Reply);
        Assert.EndsWith("来源：学生公寓管理中心：退还寝室钥匙（退宿）（cqu/dormitory-key-return）", reply.Reply);
        Assert.True(Encoding.UTF8.GetByteCount(reply.Reply) <= 2048);
        var source = Assert.Single(reply.Sources);
        Assert.Equal("cqu/dormitory-key-return", source.Id);
        Assert.NotNull(source.Section);

        var request = Assert.Single(app.Model.Requests.Skip(before));
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer test-key", request.Authorization);
        Assert.Equal("fake-model", request.Json.GetProperty("model").GetString());
        var system = request.Messages.Single(m => m.Role == "system").Content;
        Assert.Contains("[1] 《学生公寓管理中心：退还寝室钥匙（退宿）》", system);
        Assert.Contains("只根据下面编号的资料回答", system);
        Assert.Equal(Question, request.Messages.Single(m => m.Role == "user").Content);
        // An unbound student: nothing to look up, so no tools are offered.
        Assert.False(request.Json.TryGetProperty("tools", out _));
    }

    [Fact]
    public async Task AHangingModelStillGetsTheDeterministicAnswerOutWithinTheBudget()
    {
        app.Model.Behaviour = FakeChatModel.Hangs();
        var before = app.Model.Requests.Count;

        // The model never answers: only the composer's own budget can end its turn. A minute is a hang guard, not a
        // speed limit (the budget is Llm:TimeoutMilliseconds; its timing belongs to the benchmarks).
        var reply = await app.User("llm-hang").Says(Question).WaitAsync(TimeSpan.FromMinutes(1));

        IsTheExtractiveDormitoryAnswer(reply.Reply);
        Assert.Equal("cqu/dormitory-key-return", Assert.Single(reply.Sources).Id);
        Assert.Single(app.Model.Requests.Skip(before));
    }

    [Theory]
    [InlineData("uncited", "退宿要到学生公寓管理中心退还寝室钥匙。")]
    [InlineData("doesn't know", "指南里没有写这一点。")]
    [InlineData("off-topic though cited", "重庆火锅推荐解放碑的老字号，麻辣鲜香[1]。")]
    [InlineData("cites a passage it was not given", "退宿到A区学生六公寓一楼退还寝室钥匙[9]。")]
    [InlineData("invents a phone number", "退宿到A区学生六公寓一楼退还寝室钥匙，电话 88886666[1]。")]
    public async Task AnUngroundedModelAnswerIsReplacedByTheExtractiveAnswer(string why, string modelText)
    {
        app.Model.Behaviour = FakeChatModel.Answer(modelText);
        var before = app.Model.Requests.Count;

        var reply = await app.User("llm-ungrounded-" + why).Says(Question);

        Assert.Single(app.Model.Requests.Skip(before));
        IsTheExtractiveDormitoryAnswer(reply.Reply);
        Assert.DoesNotContain(modelText, reply.Reply);
    }

    [Fact]
    public async Task AnAnswerFaithfulToARetrievedSectionAboutSomethingElseIsReplacedByTheExtractiveAnswer()
    {
        // Asked where the centre is; [3] is the guide's 时间 section (retrieved with a small score), and the text
        // below says only what it says: grounded, cited, numbers from the guide — but not about where the centre is.
        const string where = "研究生教育服务中心在哪";
        const string fromTheTimeSection = "6月毕业的研究生到虎溪综合楼DZ119室办理的时间是6月25日至6月29日[3]。";
        var answer = app.Host.Services.GetRequiredService<AnswerService>().Ask("cqu", where);
        var passages = answer.Passages.Where((p, i) => i == 0 || p.Score > 0).Take(4).ToList();
        Assert.Equal("时间", passages[2].Section.Heading);
        var school = app.Host.Services.GetRequiredService<KnowledgeBase>().Current.School("cqu")!;
        // Faithful by every other check; only the question's topic rules it out.
        Assert.Null(GroundingCheck.Judge(fromTheTimeSection, passages).Rejection);
        Assert.Equal("cited passage not about the question",
            GroundingCheck.Judge(fromTheTimeSection, passages, topic: GroundedAnswerComposer.TopicOf(school, where)).Rejection);

        app.Model.Behaviour = FakeChatModel.Answer(fromTheTimeSection);
        var before = app.Model.Requests.Count;
        var reply = await app.User("llm-wrong-section").Says(where);

        Assert.Single(app.Model.Requests.Skip(before));
        // The centre's own guide, its place sections: both rooms, and no model citation.
        Assert.Contains("105室", reply.Reply);
        Assert.Contains("DZ119", reply.Reply);
        Assert.Contains("（cqu/education-service-center）", reply.Reply);
        Assert.DoesNotContain("[3]", reply.Reply);
        Assert.DoesNotContain(fromTheTimeSection, reply.Reply);
    }

    [Fact]
    public async Task AnAnswerCitingASectionRankedEquallyWithTheFirstIsUsed()
    {
        // For 退宿去哪里办, 办理内容 [1] and 地点 [2] rank equally; 地点 answers "where" without the word 退宿.
        const string fromThePlaces = "A区在A区学生六公寓一楼，B区在B区学生八宿舍旁，虎溪校区在学生服务中心Z106三号窗口[2]。";
        app.Model.Behaviour = FakeChatModel.Answer(fromThePlaces);

        var reply = await app.User("llm-tied-section").Says(Question);

        Assert.StartsWith(fromThePlaces, reply.Reply);
        Assert.Equal("地点", Assert.Single(reply.Sources).Section);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(401)]
    public async Task AModelErrorSendsTheExtractiveAnswer(int status)
    {
        app.Model.Behaviour = FakeChatModel.Fails(status);

        var reply = await app.User($"llm-{status}").Says(Question);

        Assert.True(reply.Answered);
        IsTheExtractiveDormitoryAnswer(reply.Reply);
    }

    [Fact]
    public async Task MalformedModelOutputSendsTheExtractiveAnswer()
    {
        app.Model.Behaviour = FakeChatModel.Malformed();

        var reply = await app.User("llm-malformed").Says(Question);

        IsTheExtractiveDormitoryAnswer(reply.Reply);
    }

    [Fact]
    public async Task AnOutOfScopeQuestionNeverReachesTheModel()
    {
        app.Model.Behaviour = FakeChatModel.Answer(CitedAnswer);
        var before = app.Model.Requests.Count;

        var reply = await app.User("llm-hotpot").Says("重庆火锅哪家好吃");

        Assert.False(reply.Answered);
        Assert.Equal("fallback", reply.Intent);
        Assert.Equal(before, app.Model.Requests.Count);
    }

    [Fact]
    public async Task AFollowUpIsRewrittenWithThePreviousQuestionBeforeComposing()
    {
        app.Model.Behaviour = FakeChatModel.RewritesThenAnswers("学生公寓管理中心退宿的电话是多少", "A区学生公寓管理中心电话65111348，B区65120639，虎溪校区65678441[1]。");
        var user = app.User("llm-follow-up");
        var before = app.Model.Requests.Count;

        await user.Says(Question);
        var first = app.Model.Requests.Skip(before).ToList();
        var reply = await user.Says("电话多少");
        var second = app.Model.Requests.Skip(before + first.Count).ToList();

        // No previous topic on the first turn, so no rewrite; the follow-up gets one, carrying the previous question.
        Assert.DoesNotContain(first, r => r.IsRewrite);
        Assert.Equal(2, second.Count);
        Assert.True(second[0].IsRewrite);
        Assert.Contains("上一个问题：退宿去哪里办", second[0].Messages.Single(m => m.Role == "user").Content);
        Assert.Equal("学生公寓管理中心退宿的电话是多少", second[1].Messages.Single(m => m.Role == "user").Content);
        Assert.StartsWith("A区学生公寓管理中心电话65111348", reply.Reply);
        Assert.Equal("cqu/dormitory-key-return", reply.Sources[0].Id);
    }

    [Fact]
    public async Task ABoundStudentsModelMayLookUpTheirOwnStatusOnly()
    {
        var user = app.User("llm-zhang");
        Assert.Contains("绑定成功", (await user.Binds("20181234", "张三", "123456")).Reply);
        app.Model.Behaviour = FakeChatModel.CallsStatusThenAnswers("你的财务处还欠550元，学生公寓管理中心也还没通过，请到A区学生六公寓一楼退还寝室钥匙[1]。");
        var before = app.Model.Requests.Count;

        var reply = await user.Says(Question);

        var requests = app.Model.Requests.Skip(before).ToList();
        Assert.Equal(2, requests.Count);
        // The prompt itself carries no personal data; the function is offered without any student parameter.
        Assert.DoesNotContain("20181234", requests[0].Body);
        Assert.DoesNotContain("张三", requests[0].Body);
        var tools = requests[0].Json.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function")).ToList();
        var status = Assert.Single(tools, t => t.GetProperty("name").GetString() == "ClearanceStatus-GetMyClearanceStatus");
        Assert.Empty(status.GetProperty("parameters").GetProperty("properties").EnumerateObject());
        // The reminder functions are offered too, and take a topic at most: never whose subscriptions.
        Assert.All(tools, t => Assert.All(
            t.GetProperty("parameters").GetProperty("properties").EnumerateObject(), p => Assert.Equal("topic", p.Name)));
        // The function's result is the asking student's own progress, and only theirs — without their name or id,
        // which the model has no use for.
        var result = requests[1].Messages.Single(m => m.Role == "tool").Content;
        Assert.Contains("你的离校进度", result);
        Assert.Contains("财务处", result);
        Assert.DoesNotContain("张三", string.Join('\n', requests.Select(r => r.Body)));
        Assert.DoesNotContain("20181234", string.Join('\n', requests.Select(r => r.Body)));
        Assert.DoesNotContain("李四", result);
        // 550 is in no guide, but in the student's own status the function returned: that may back it.
        Assert.StartsWith("你的财务处还欠550元", reply.Reply);
    }

    [Fact]
    public async Task ALongModelAnswerIsCutOnACharacterBoundaryAndKeepsCardAndSource()
    {
        var longAnswer = string.Concat(Enumerable.Repeat("退宿到A区学生六公寓一楼退还寝室钥匙[1]。", 200));
        app.Model.Behaviour = FakeChatModel.Answer(longAnswer);

        var reply = await app.User("llm-long").Says(Question);

        var bytes = Encoding.UTF8.GetBytes(reply.Reply);
        Assert.True(bytes.Length <= 2048, $"{bytes.Length} bytes");
        Assert.Equal(reply.Reply, Encoding.UTF8.GetString(bytes));
        Assert.StartsWith("退宿到A区学生六公寓一楼", reply.Reply);
        Assert.Contains("…\n📍 地点：", reply.Reply);
        Assert.EndsWith("（cqu/dormitory-key-return）", reply.Reply);
    }
}
