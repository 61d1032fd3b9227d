using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Xml.Linq;
using Clearance.Bot.Chat;
using Clearance.Bot.Conversation;
using static Clearance.Bot.Tests.Webhooks.WeChatSender;

namespace Clearance.Bot.Tests.Webhooks;

/// <summary>
/// Any text the length limit lets in is answered or declined, never a 5xx (issue 17, item 1: a long question once
/// built a Lucene query over its 1024-clause limit). Random texts come from a fixed seed, so a failure names the text
/// and reproduces. Runs on the webhook host, which serves /api/chat too.
/// </summary>
[Collection(WebhookHost.Collection)]
public sealed class AnyTextWithinTheLimitTests(WebhookHost host)
{
    private static readonly int MaxLength = new ConversationOptions().MaxTextLength;

    // Characters from the guides' own vocabulary, so random text matches many indexed words and bigrams: the worst case
    // for the query's size.
    private const string GuideCharacters =
        "离校手续办理学生证注销退宿宿舍钥匙图书馆还书借阅一卡通校园卡饭卡财务处缴费学费电话地点时间材料流程注意事项"
        + "研究生本科毕业档案户口迁移党组织关系转出贷款国家助学还款证书学位派遣报到证就业协议盖章公寓床上用品押金补办丢失"
        + "窗口大厅楼室校区老师周一至周五上午下午网上系统填写申请审核签字复印件身份证照片银行";

    private const string Punctuation = "，。？！、；：“”‘’（）《》【】…—·,.?!;:'\"()[]{}<>@#$%^&*-_=+/\\|~` ";

    private static readonly string[] Emoji = ["😀", "🎓", "👍", "🙏", "📚", "🏠", "💳", "❤️", "🇨🇳", "👨‍🎓"];

    [Fact]
    public async Task A480CharacterQuestionOfOrdinaryChineseIsAnsweredOrDeclined()
    {
        // Almost every bigram distinct: about 480 words and bigrams, each searched in five fields.
        var random = new Random(480);
        var text = string.Concat(Enumerable.Range(0, 480).Select(_ => GuideCharacters[random.Next(GuideCharacters.Length)]));

        var (status, reply) = await ChatAsync("long-1", text);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(string.IsNullOrWhiteSpace(reply!.Reply));
    }

    [Fact]
    public async Task RandomTextsUpToTheLimitNeverGetAServerErrorOnTheChatApi()
    {
        var random = new Random(1701);
        for (var i = 0; i < 30; i++)
        {
            var text = RandomText(random, i);
            var (status, reply) = await ChatAsync($"fuzz-chat-{i}", text);

            Assert.True((int)status < 500, $"text #{i} (seed 1701) got {(int)status}: {text}");
            if (string.IsNullOrWhiteSpace(text)) continue;
            Assert.True(status == HttpStatusCode.OK, $"text #{i} (seed 1701) got {(int)status}: {text}");
            Assert.False(string.IsNullOrWhiteSpace(reply!.Reply), $"text #{i} (seed 1701) got an empty reply: {text}");
        }
    }

    [Theory]
    [InlineData("test", "aes", 1702)]
    [InlineData("plain", "raw", 1703)]
    public async Task RandomTextsUpToTheLimitNeverGetAServerErrorOnTheMpWebhook(string account, string mode, int seed)
    {
        var random = new Random(seed);
        var sender = host.MpSender;
        for (var i = 0; i < 15; i++)
        {
            // CDATA cannot hold "]]>"; WeChat escapes it the same way.
            var text = RandomText(random, i).Replace("]]>", "]] >", StringComparison.Ordinal);
            var openId = $"o-fuzz-{seed}-{i}";

            using var response = await host.Client.SendAsync(sender.Mp(account, TextXml(openId, "gh_test", text, NextMsgId()), mode: mode, openId: openId));
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"text #{i} (seed {seed}) got {(int)response.StatusCode}: {text}");
            // An empty body is the acknowledgement of a turn over the budget; its answer follows through the API.
            if (body is "" or "success") continue;
            var reply = mode == "raw" ? XElement.Parse(body) : sender.OpenReply(body);
            Assert.False(string.IsNullOrWhiteSpace(reply.Element("Content")?.Value), $"text #{i} (seed {seed}) got an empty reply: {text}");
        }
    }

    private async Task<(HttpStatusCode Status, ChatResponse? Reply)> ChatAsync(string userId, string text)
    {
        using var response = await host.Client.PostAsJsonAsync("/api/chat", new { userId, school = "cqu", text });
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<ChatResponse>() : null);
    }

    /// <summary>
    /// A text of up to <see cref="MaxLength"/> UTF-16 units (the unit the limit counts): runs of guide characters, of
    /// any CJK ideograph, of Latin, digits, emoji and punctuation. Long CJK runs make the most bigrams, so runs are up
    /// to 60 characters long. Every fifth text is at the limit, or one unit short where an emoji would cross it.
    /// </summary>
    private static string RandomText(Random random, int i)
    {
        var length = i % 5 == 0 ? MaxLength : random.Next(1, MaxLength + 1);
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            var kind = random.Next(10);
            var run = kind < 5 ? random.Next(1, 61) : random.Next(1, 6);
            for (var k = 0; k < run && text.Length < length; k++)
            {
                var piece = kind switch
                {
                    < 3 => GuideCharacters[random.Next(GuideCharacters.Length)].ToString(),
                    < 5 => ((char)random.Next(0x4E00, 0x9FA6)).ToString(),
                    5 => ((char)(random.Next(2) == 0 ? random.Next('a', 'z' + 1) : random.Next('A', 'Z' + 1))).ToString(),
                    6 => random.Next(0, 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    7 => Emoji[random.Next(Emoji.Length)],
                    _ => Punctuation[random.Next(Punctuation.Length)].ToString(),
                };
                // An emoji that would cross the limit is left out rather than cut in half.
                if (text.Length + piece.Length > length) return text.ToString();
                text.Append(piece);
            }
        }
        return text.ToString();
    }
}
