using Clearance.Integrations.Records;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Clearance.Bot.Reminders;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Browser;

/// <summary>
/// What the chat page and the staff console rely on, over HTTP without a browser: the school list, feedback
/// validation, the 有用/没用 reply, the record of missed questions, and the console's keys.
/// </summary>
public sealed class WebChatApiTests : IClassFixture<WebChatApiTests.App>
{
    private const string CquAdmin = "cqu-admin-key-0001";
    private const string CquLibrary = "cqu-library-key-0002";
    private const string BuptAdmin = "bupt-admin-key-0003";

    public sealed class App : IDisposable
    {
        public BotApplication Host { get; } = new(new Dictionary<string, string?>
        {
            ["Clearance:StaffKeys:0:Key"] = CquAdmin,
            ["Clearance:StaffKeys:0:School"] = "cqu",
            ["Clearance:StaffKeys:0:Office"] = "*",
            ["Clearance:StaffKeys:1:Key"] = CquLibrary,
            ["Clearance:StaffKeys:1:School"] = "cqu",
            ["Clearance:StaffKeys:1:Office"] = "library",
            ["Clearance:StaffKeys:2:Key"] = BuptAdmin,
            ["Clearance:StaffKeys:2:School"] = "bupt",
            ["Clearance:StaffKeys:2:Office"] = "*",
        });

        public void Dispose() => Host.Dispose();
    }

    private readonly HttpClient _client;
    private readonly IServiceProvider _services;

    public WebChatApiTests(App app)
    {
        _client = app.Host.CreateClient();
        _services = app.Host.Services;
    }

    [Fact]
    public async Task SchoolsAreListedInSeedOrderWithTheirNames()
    {
        var schools = await _client.GetFromJsonAsync<JsonElement>("/api/schools");

        Assert.Equal(
            ["bupt:北京邮电大学", "buct:北京化工大学", "bjtu:北京交通大学", "cumt:中国矿业大学", "cqu:重庆大学"],
            schools.EnumerateArray().Select(s => $"{s.GetProperty("id").GetString()}:{s.GetProperty("name").GetString()}"));
    }

    [Fact]
    public async Task EachSchoolCarriesItsMenuItemsForThePagesChips()
    {
        var schools = await _client.GetFromJsonAsync<JsonElement>("/api/schools");

        var cqu = schools.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "cqu");
        // The default WeChat menu's CLICK items, sub-buttons included; the group "离校服务" is no chip.
        Assert.Equal(["问答", "我的离校进度", "提醒设置", "联系我们"], cqu.GetProperty("menu").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task EachSchoolCarriesExampleQuestionsFromItsOwnGuides()
    {
        var schools = await _client.GetFromJsonAsync<JsonElement>("/api/schools");
        var knowledge = _services.GetRequiredService<Clearance.Knowledge.KnowledgeBase>().Current;

        foreach (var school in schools.EnumerateArray())
        {
            var id = school.GetProperty("id").GetString()!;
            var examples = school.GetProperty("examples").EnumerateArray().Select(e => e.GetString()!).ToList();
            var questions = knowledge.School(id)!.Guides.SelectMany(g => g.Questions).ToHashSet();

            Assert.InRange(examples.Count, 1, Clearance.Bot.WebChat.SchoolExamples.PerSchool);
            Assert.All(examples, e => Assert.Contains(e, questions));
        }
    }

    [Fact]
    public async Task EveryChipOfEverySchoolIsAnsweredExamplesFromTheGuidesMenuItemsByTheirDialog()
    {
        var schools = await _client.GetFromJsonAsync<JsonElement>("/api/schools");

        foreach (var school in schools.EnumerateArray())
        {
            var id = school.GetProperty("id").GetString()!;
            foreach (var example in school.GetProperty("examples").EnumerateArray().Select(e => e.GetString()!))
            {
                var reply = await Chat($"chip-{id}-{example}", example, id);

                Assert.True(reply.GetProperty("answered").GetBoolean(), $"{id}: example “{example}” was declined: {reply.GetProperty("reply").GetString()}");
                Assert.Equal("knowledge", reply.GetProperty("intent").GetString());
            }
            foreach (var item in school.GetProperty("menu").EnumerateArray().Select(m => m.GetString()!))
            {
                var reply = await Chat($"chip-{id}-{item}", item, id);

                // The menu item's own dialog, as its WeChat click: not the guides, and not their "not found".
                Assert.DoesNotContain(reply.GetProperty("intent").GetString(), new[] { "knowledge", "fallback" });
                Assert.False(string.IsNullOrWhiteSpace(reply.GetProperty("reply").GetString()), $"{id}: menu chip “{item}” got no reply");
                Assert.Empty(reply.GetProperty("sources").EnumerateArray());
            }
        }
    }

    [Theory]
    [InlineData("联系我们", "contact", "023-65111635")]
    [InlineData(" 联系我们 ", "contact", "A区研究生院305办公室")]
    [InlineData("问答", "help", "我可以：")]
    [InlineData("提醒设置", "bind-required", "绑定")]
    [InlineData("我的离校进度", "bind-required", "绑定")]
    public async Task AMenuItemSentAsTextReachesTheDialogItsClickReaches(string text, string intent, string expected)
    {
        var reply = await Chat("menu-text-" + intent + text.Length, text);

        Assert.Equal(intent, reply.GetProperty("intent").GetString());
        Assert.Contains(expected, reply.GetProperty("reply").GetString());
        Assert.Empty(reply.GetProperty("sources").EnumerateArray());
    }

    [Fact]
    public async Task AQuestionThatMerelyContainsAMenuWordIsStillAnsweredFromTheGuides()
    {
        var reply = await Chat("menu-text-question", "联系我们退宿的电话是多少");

        Assert.Equal("knowledge", reply.GetProperty("intent").GetString());
    }

    [Theory]
    [InlineData("/", "app.js")]
    [InlineData("/console", "console.js")]
    public async Task PagesAreServedAsStaticHtmlThatLoadsOnlyItsOwnScripts(string path, string script)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(script, await response.Content.ReadAsStringAsync());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[true]")]
    [InlineData("{\"school\":\"cqu\",\"answerId\":\"0123456789abcdef01234567\",\"helpful\":true}")]
    [InlineData("{\"userId\":\"u1\",\"school\":\"mit\",\"answerId\":\"0123456789abcdef01234567\",\"helpful\":true}")]
    [InlineData("{\"userId\":\"u1\",\"school\":\"cqu\",\"helpful\":true}")]
    [InlineData("{\"userId\":\"u1\",\"school\":\"cqu\",\"answerId\":\"0123456789abcdef01234567\"}")]
    [InlineData("{\"userId\":\"u1\",\"school\":\"cqu\",\"answerId\":\"0123456789abcdef01234567\",\"helpful\":\"yes\"}")]
    public async Task BadFeedbackGetsProblemDetails(string body)
    {
        var response = await _client.PostAsync("/api/feedback", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AVoteFromThePageIsCountedPerGuideAndASecondClickChangesIt()
    {
        var answer = await Chat("web-vote", "补办学生证去哪");
        var guideId = answer.GetProperty("sources")[0].GetProperty("id").GetString()!;
        var before = await Votes(guideId);
        var vote = new { userId = "web-vote", school = "cqu", answerId = answer.GetProperty("answerId").GetString(), helpful = true };

        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsJsonAsync("/api/feedback", vote)).StatusCode);
        Assert.Equal((before.Helpful + 1, before.NotHelpful), await Votes(guideId));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsJsonAsync("/api/feedback", vote with { helpful = false })).StatusCode);
        Assert.Equal((before.Helpful, before.NotHelpful + 1), await Votes(guideId));
    }

    [Fact]
    public async Task TwoThousandVotesOnOneAnswerCountOnceWhateverQuestionTheyCarry()
    {
        var answer = await Chat("stuffer", "退宿去哪里办");
        var guideId = answer.GetProperty("sources")[0].GetProperty("id").GetString()!;
        var answerId = answer.GetProperty("answerId").GetString();
        var before = await Votes(guideId);

        for (var i = 0; i < 2_000; i++)
        {
            // The old shape's question and reply ride along and change each time: they no longer make a new vote.
            var response = await _client.PostAsJsonAsync("/api/feedback", new { userId = "stuffer", school = "cqu", answerId, helpful = false, question = $"退宿去哪里办{i}", reply = new string('x', 4000) });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.Equal((before.Helpful, before.NotHelpful + 1), await Votes(guideId));
        var rows = await Console("/api/console/cqu/feedback", CquAdmin);
        Assert.DoesNotContain("xxxx", rows.ToString());
    }

    [Fact]
    public async Task AVoteOnAnAnswerIdTheConversationWasNotGivenIsRefused()
    {
        var answer = await Chat("given", "图书馆电话多少");
        var answerId = answer.GetProperty("answerId").GetString()!;

        var madeUp = await _client.PostAsJsonAsync("/api/feedback", new { userId = "given", school = "cqu", answerId = "0123456789abcdef01234567", helpful = false });
        var someoneElses = await _client.PostAsJsonAsync("/api/feedback", new { userId = "not-given", school = "cqu", answerId, helpful = false });
        var otherSchool = await _client.PostAsJsonAsync("/api/feedback", new { userId = "given", school = "cumt", answerId, helpful = false });

        Assert.Equal(HttpStatusCode.NotFound, madeUp.StatusCode);
        Assert.Equal("application/problem+json", madeUp.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, someoneElses.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherSchool.StatusCode);
    }

    [Fact]
    public async Task OnlyAnAnswerFromTheGuidesCarriesAnAnswerId()
    {
        var greeting = await Chat("no-rating", "你好");

        Assert.True(greeting.GetProperty("answerId").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task YouYongRightAfterAnAnswerIsAVoteOnItsGuide()
    {
        var answer = await Chat("wechat-like", "图书馆电话多少");
        Assert.True(answer.GetProperty("answered").GetBoolean());
        var guideId = answer.GetProperty("sources")[0].GetProperty("id").GetString()!;
        var before = await Votes(guideId);

        var thanks = await Chat("wechat-like", "有用");

        Assert.Equal("feedback", thanks.GetProperty("intent").GetString());
        Assert.Contains("谢谢", thanks.GetProperty("reply").GetString());
        Assert.Equal((before.Helpful + 1, before.NotHelpful), await Votes(guideId));
    }

    [Fact]
    public async Task YouYongWithNothingToRateIsNotAVote()
    {
        var reply = await Chat("nothing-asked-yet", "有用");

        Assert.NotEqual("feedback", reply.GetProperty("intent").GetString());
    }

    [Fact]
    public async Task UnansweredQuestionsAreCountedByWordingWithDigitsMasked()
    {
        await Chat("asker-1", "火星基地的签证怎么办？");
        await Chat("asker-2", "火星基地的签证 怎么办");
        await Chat("asker-3", "学号2020123456的火星签证怎么办");

        var questions = await Console("/api/console/cqu/questions", CquAdmin);
        var rows = questions.EnumerateArray().ToList();
        var grouped = Assert.Single(rows, q => q.GetProperty("text").GetString()!.StartsWith("火星基地的签证", StringComparison.Ordinal));
        Assert.Equal(2, grouped.GetProperty("count").GetInt32());
        Assert.Equal("unanswered", grouped.GetProperty("kind").GetString());
        Assert.DoesNotContain(rows, q => q.GetProperty("text").GetString()!.Contains("2020123456", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARequestNoGuideIsForIsNotRecordedAsAGapInTheGuides()
    {
        await Chat("asker-poem", "帮我写一首毕业诗");
        await Chat("asker-poem", "你好");
        await Chat("asker-other", "北大的离校手续怎么办");
        await Chat("asker-gap", "月球车的驾照怎么考");

        var texts = (await Console("/api/console/cqu/questions", CquAdmin)).EnumerateArray().Select(q => q.GetProperty("text").GetString()).ToList();
        Assert.DoesNotContain("帮我写一首毕业诗", texts);
        Assert.DoesNotContain("你好", texts);
        Assert.DoesNotContain("北大的离校手续怎么办", texts);
        Assert.Contains("月球车的驾照怎么考", texts);
    }

    [Fact]
    public async Task ANarrowlyAnsweredQuestionIsRecordedAsLowConfidenceWithTheGuideItNearlyMatched()
    {
        // 论文交到哪: the education service center's guide ahead of the thesis-embargo guide (another office) by a
        // margin of about 0.2, answered all the same: the guides fully cover the words.
        var reply = await Chat("asker-narrow", "论文交到哪");
        Assert.True(reply.GetProperty("answered").GetBoolean());
        // A question answered clearly is no near miss and stays out of the list.
        await Chat("asker-clear", "退宿去哪里办");

        var rows = (await Console("/api/console/cqu/questions", CquAdmin)).EnumerateArray().ToList();
        var narrow = Assert.Single(rows, q => q.GetProperty("text").GetString() == "论文交到哪");
        Assert.Equal("low-confidence", narrow.GetProperty("kind").GetString());
        Assert.Equal("cqu/education-service-center", narrow.GetProperty("nearestGuideId").GetString());
        Assert.Equal("研究生教育服务中心：论文制作欠费、论文使用授权书", narrow.GetProperty("nearestGuideTitle").GetString());
        Assert.True(narrow.GetProperty("margin").GetDouble() < 0.3);
        Assert.Equal(1, narrow.GetProperty("count").GetInt32());
        Assert.DoesNotContain(rows, q => q.GetProperty("text").GetString() == "退宿去哪里办");
    }

    [Fact]
    public async Task MissedQuestionsAreForTheSchoolsAdministratorsOnly()
    {
        using var office = Request(HttpMethod.Get, "/api/console/cqu/questions", CquLibrary);
        using var otherSchool = Request(HttpMethod.Get, "/api/console/cqu/questions", BuptAdmin);
        using var admin = Request(HttpMethod.Get, "/api/console/cqu/questions", CquAdmin);

        Assert.Equal(HttpStatusCode.Forbidden, (await _client.SendAsync(office)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.SendAsync(otherSchool)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(admin)).StatusCode);
    }

    [Fact]
    public async Task ConsoleNeedsAKey()
    {
        foreach (var path in new[] { "/api/console/me", "/api/console/cqu/questions", "/api/console/cqu/feedback", "/api/console/cqu/deliveries" })
        {
            var response = await _client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        using var wrong = Request(HttpMethod.Get, "/api/console/cqu/questions", "not-a-configured-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.PostAsync("/api/console/knowledge/reload", null)).StatusCode);
    }

    [Theory]
    [InlineData("/api/console/cqu/questions")]
    [InlineData("/api/console/cqu/feedback")]
    [InlineData("/api/console/cqu/deliveries")]
    public async Task AnotherSchoolsKeySeesNothingOfThisSchool(string path)
    {
        using var request = Request(HttpMethod.Get, path, BuptAdmin);
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnOfficeKeyReadsItsSchoolButOnlyAnAdministratorReloads()
    {
        using var read = Request(HttpMethod.Get, "/api/console/cqu/feedback", CquLibrary);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(read)).StatusCode);

        using var reload = Request(HttpMethod.Post, "/api/console/knowledge/reload", CquLibrary);
        var response = await _client.SendAsync(reload);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AdministratorReloadReportsGuidesPerSchoolAndErrors()
    {
        using var reload = Request(HttpMethod.Post, "/api/console/knowledge/reload", CquAdmin);
        var response = await _client.SendAsync(reload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        var schools = status.GetProperty("schools").EnumerateArray().ToList();
        Assert.Equal(5, schools.Count);
        Assert.All(schools, s => Assert.True(s.GetProperty("guides").GetInt32() > 0));
        Assert.Equal(JsonValueKind.Array, status.GetProperty("errors").ValueKind);
        // Still answering afterwards.
        Assert.True((await Chat("after-reload", "退宿去哪里办")).GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task DeliveriesShowTheStudentIdMaskedNeverInFull()
    {
        await _services.GetRequiredService<ReminderStore>().InsertPlannedAsync(
            "cqu", [new DeliveryKey(ReminderKinds.CardStop, "20181235", new DateOnly(2026, 6, 30))],
            DateTimeOffset.UtcNow.AddDays(30), CancellationToken.None);

        var deliveries = await Console("/api/console/cqu/deliveries", CquAdmin);

        var row = Assert.Single(deliveries.EnumerateArray(), d => d.GetProperty("kind").GetString() == ReminderKinds.CardStop);
        Assert.Equal("2018**35", row.GetProperty("studentId").GetString());
        Assert.Equal("planned", row.GetProperty("status").GetString());
        Assert.DoesNotContain("20181235", deliveries.GetRawText());
    }

    [Fact]
    public async Task MeTellsTheConsoleWhichSchoolAndRoleTheKeyHas()
    {
        var me = await Console("/api/console/me", CquLibrary);

        Assert.Equal("cqu", me.GetProperty("school").GetString());
        Assert.Equal("重庆大学", me.GetProperty("schoolName").GetString());
        Assert.False(me.GetProperty("isAdmin").GetBoolean());
    }

    private async Task<JsonElement> Chat(string userId, string text, string school = "cqu")
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { userId, school, text });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(int Helpful, int NotHelpful)> Votes(string guideId)
    {
        var rows = await Console("/api/console/cqu/feedback", CquAdmin);
        var row = rows.EnumerateArray().FirstOrDefault(r => r.GetProperty("guideId").GetString() == guideId);
        return row.ValueKind == JsonValueKind.Undefined
            ? (0, 0)
            : (row.GetProperty("helpful").GetInt32(), row.GetProperty("notHelpful").GetInt32());
    }

    private async Task<JsonElement> Console(string path, string key)
    {
        using var request = Request(HttpMethod.Get, path, key);
        var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        return request;
    }
}
