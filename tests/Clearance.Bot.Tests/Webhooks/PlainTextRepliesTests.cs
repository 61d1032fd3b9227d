using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Clearance.Bot.Chat;
using Clearance.Knowledge;
using Clearance.Knowledge.Guides;
using Microsoft.Extensions.DependencyInjection;
using static Clearance.Bot.Tests.Webhooks.WeChatSender;

namespace Clearance.Bot.Tests.Webhooks;

/// <summary>
/// WeChat shows text as it is: a guide's Markdown table or heading must reach the student as plain lines (issue 12,
/// item 8). Every question of every guide that has a table or a heading, for each school, through the MP webhook (one
/// safe-mode account per school) and /api/chat. In the webhook collection so its host does not warm up beside theirs.
/// </summary>
[Collection(WebhookHost.Collection)]
public sealed partial class PlainTextRepliesTests(PlainTextRepliesTests.App app) : IClassFixture<PlainTextRepliesTests.App>
{
    public sealed class App : IDisposable
    {
        public const string Token = "plaintoken";
        public const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

        public static readonly string[] Schools = ["bupt", "buct", "bjtu", "cumt", "cqu"];

        public static string AppIdOf(string school) => "wxplain" + school;

        public App()
        {
            var settings = new Dictionary<string, string?>
            {
                // Long enough that every reply is the passive one; nothing may go out by API (nothing listens there).
                ["WeChat:ReplyBudgetMilliseconds"] = "4900",
                ["WeChat:ApiBaseUrl"] = "http://127.0.0.1:9/",
            };
            foreach (var school in Schools)
            {
                settings[$"WeChat:Accounts:{school}:School"] = school;
                settings[$"WeChat:Accounts:{school}:AppId"] = AppIdOf(school);
                settings[$"WeChat:Accounts:{school}:Token"] = Token;
                settings[$"WeChat:Accounts:{school}:EncodingAESKey"] = Key;
            }
            Host = new BotApplication(settings);
            Client = Host.CreateClient();
        }

        public BotApplication Host { get; }

        public HttpClient Client { get; }

        public void Dispose()
        {
            Client.Dispose();
            Host.Dispose();
        }
    }

    public static TheoryData<string> Schools => [.. App.Schools];

    [Theory]
    [MemberData(nameof(Schools))]
    public async Task QuestionsThatRetrieveAGuideWithATableOrHeadingGetNoMarkdownInTheMpReply(string school)
    {
        var sender = new WeChatSender(App.Token, App.Key, App.AppIdOf(school));
        foreach (var (guide, question) in MarkdownQuestions(school))
        {
            var openId = $"o-md-{school}-{Guid.NewGuid():N}"[..28];
            using var response = await app.Client.SendAsync(sender.Mp(school, TextXml(openId, "gh_test", question, NextMsgId()), openId: openId));
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var content = sender.OpenReply(body).Element("Content")!.Value;
            AssertNoMarkdown(content, $"{guide.Id} ← {question}");
        }
    }

    [Theory]
    [MemberData(nameof(Schools))]
    public async Task QuestionsThatRetrieveAGuideWithATableOrHeadingGetNoMarkdownOnTheChatApi(string school)
    {
        var cited = new HashSet<string>();
        foreach (var (guide, question) in MarkdownQuestions(school))
        {
            using var response = await app.Client.PostAsJsonAsync("/api/chat", new { userId = $"md-{Guid.NewGuid():N}", school, text = question });
            response.EnsureSuccessStatusCode();
            var reply = (await response.Content.ReadFromJsonAsync<ChatResponse>())!;

            AssertNoMarkdown(reply.Reply, $"{guide.Id} ← {question}");
            if (reply.Sources.Any(s => s.Id == guide.Id)) cited.Add(guide.Id);
        }
        // The questions really reach the guides with Markdown, or the test above proves nothing about them.
        foreach (var guide in MarkdownQuestions(school).Select(q => q.Guide).Where(HasMarkdown).Distinct())
            Assert.Contains(guide.Id, cited);
    }

    [Theory]
    [InlineData("cqu", "离校各环节的办理内容是什么", "离校环节：导师；办理内容：网上下载并打印《导师准许离校确认书》")]
    [InlineData("bjtu", "各部门的办理说明", "部门：节能办；办理说明：所有学生都需要去办理水电结清手续")]
    [InlineData("cumt", "离校事项的通过条件是什么", "事项：档案馆；显示的信息：论文提交状态；通过条件：论文提交状态为“已审核”")]
    public async Task ATableReachesTheStudentAsOneLabelledLinePerRow(string school, string question, string row)
    {
        using var response = await app.Client.PostAsJsonAsync("/api/chat", new { userId = $"md-{Guid.NewGuid():N}", school, text = question });
        var reply = (await response.Content.ReadFromJsonAsync<ChatResponse>())!;

        Assert.Contains(row, reply.Reply);
    }

    /// <summary>Questions whose answer is a guide's table section; the guides' own questions get other sections.</summary>
    private static readonly Dictionary<string, string[]> TableQuestions = new()
    {
        ["cqu"] = ["离校各环节的办理内容是什么"],
        ["bjtu"] = ["各部门的办理说明"],
        ["cumt"] = ["离校事项的通过条件是什么"],
    };

    /// <summary>
    /// The school's guides whose text has a table row or a heading line, with each of their questions and the questions
    /// that reach their tables; a school that has none gets each guide's first question, so every school is asked
    /// something.
    /// </summary>
    private IEnumerable<(Guide Guide, string Question)> MarkdownQuestions(string school)
    {
        var guides = app.Host.Services.GetRequiredService<KnowledgeBase>().Current.School(school)!.Guides;
        var marked = guides.Where(HasMarkdown).ToList();
        var questions = marked.Count > 0
            ? marked.SelectMany(g => g.Questions.Select(q => (g, q)))
            : guides.Where(g => g.Questions.Count > 0).Select(g => (g, g.Questions[0]));
        return questions.Concat(TableQuestions.GetValueOrDefault(school, []).Select(q => (marked[0], q)));
    }

    private static bool HasMarkdown(Guide guide) => guide.Sections.Any(s => MarkdownLinePattern().IsMatch(s.Text));

    private static void AssertNoMarkdown(string reply, string because)
    {
        Assert.False(string.IsNullOrWhiteSpace(reply), because);
        var line = MarkdownLinePattern().Match(reply);
        Assert.False(line.Success, $"{because}: “{line.Value}” in\n{reply}");
    }

    /// <summary>A table row (a line that starts with '|') or a heading (a line that starts with '#').</summary>
    [GeneratedRegex(@"(?m)^[ \t]*[|#].*$")]
    private static partial Regex MarkdownLinePattern();
}
