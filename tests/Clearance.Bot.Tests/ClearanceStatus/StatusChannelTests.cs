using System.Net.Http.Json;
using System.Text;
using System.Xml.Linq;
using Clearance.Bot.ClearanceStatus;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using static Clearance.Bot.Tests.Webhooks.WeChatSender;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>
/// Issue #13 item 4 through the channels: a student with every office open and long details, loaded and marked through
/// the staff API, asks for their status on the WeChat official account and on /api/chat; both replies are one message
/// with every × office's name, next step and place whole.
/// </summary>
public sealed class StatusChannelTests : IDisposable
{
    private const string Admin = "cqu-channel-admin-key-1";
    private const string Token = "channeltoken";
    private const string StudentId = "20269999";

    private readonly BotApplication _host = new(new Dictionary<string, string?>
    {
        ["Clearance:StaffKeys:0:Key"] = Admin,
        ["Clearance:StaffKeys:0:School"] = "cqu",
        ["Clearance:StaffKeys:0:Office"] = "*",
        // Plaintext mode (no EncodingAESKey); long enough that the reply is the passive one, nothing goes by API.
        ["WeChat:Accounts:plain:School"] = "cqu",
        ["WeChat:Accounts:plain:AppId"] = "wxchannel",
        ["WeChat:Accounts:plain:Token"] = Token,
        ["WeChat:Accounts:plain:Mode"] = "plaintext",
        ["WeChat:ReplyBudgetMilliseconds"] = "4900",
        ["WeChat:ApiBaseUrl"] = "http://127.0.0.1:9/",
    });

    public void Dispose() => _host.Dispose();

    private async Task<ClearanceProgress> LoadStudentWithEverythingOpenAsync(HttpClient client)
    {
        var staff = _host.CreateStaffClient(Admin);
        var roster = await staff.PostAsync("/api/clearance/cqu/students", new StringContent(
            $"studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus\n{StudentId},欧阳全未办,123456,博士,正常毕业,,true,true\n",
            Encoding.UTF8, "text/csv"));
        roster.EnsureSuccessStatusCode();
        var school = _host.Services.GetRequiredService<KnowledgeBase>().Current.School("cqu")!;
        // No campus: every office's place is the guide's whole list, the longest it gets.
        var expected = StatusReplyAssert.EverythingOpen(school, campus: null);
        foreach (var office in expected.Offices)
        {
            var put = await staff.PutAsJsonAsync($"/api/clearance/cqu/{StudentId}/departments/{office.Office.Id}", new
            {
                status = "pending",
                note = office.Status!.Note,
                details = new { fields = office.Status.Details.Fields, rows = office.Status.Details.Rows, total = office.Status.Details.Total },
            });
            put.EnsureSuccessStatusCode();
        }
        var record = await _host.Services.GetRequiredService<ProgressStore>().GetRecordAsync("cqu", StudentId, default);
        return ClearanceProgress.For(school.Profile, record!);
    }

    [Fact]
    public async Task TheOfficialAccountAndTheChatApiBothSendOneWholeMessage()
    {
        var client = _host.CreateClient();
        var progress = await LoadStudentWithEverythingOpenAsync(client);
        var school = _host.Services.GetRequiredService<KnowledgeBase>().Current.School("cqu")!;
        Assert.Equal(12, progress.Offices.Count(o => !o.Done));

        var web = new Conversation(client, "channel-web", "cqu");
        Assert.Contains("绑定成功", (await web.Binds(StudentId, "欧阳全未办", "123456")).Reply);
        var chat = await web.Says("我的离校进度");

        Assert.Equal("status", chat.Intent);
        StatusReplyAssert.FitsAndKeepsEveryOpenOffice(chat.Reply, progress, school);

        var sender = new Webhooks.WeChatSender(Token, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxchannel");
        const string OpenId = "o-channel-status-0000000001";
        async Task<string> Mp(string text)
        {
            using var response = await client.SendAsync(sender.Mp("plain", TextXml(OpenId, "gh_test", text, NextMsgId()), mode: "raw", openId: OpenId));
            response.EnsureSuccessStatusCode();
            return XElement.Parse(await response.Content.ReadAsStringAsync()).Element("Content")!.Value;
        }
        await Mp("绑定");
        await Mp(StudentId);
        await Mp("欧阳全未办");
        Assert.Contains("绑定成功", await Mp("123456"));
        var mp = await Mp("我的离校进度");

        StatusReplyAssert.FitsAndKeepsEveryOpenOffice(mp, progress, school);
        Assert.Equal(chat.Reply, mp);
    }
}
