using System.Net.Http.Json;
using Clearance.Bot.Chat;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>The real host with staff keys and a small roster loaded through the staff API, as a school would.</summary>
public sealed class ClearanceApp : IAsyncLifetime
{
    public const string CquAdmin = "cqu-admin-key-0001";
    public const string CquFinance = "cqu-finance-key-01";
    public const string CumtAdmin = "cumt-admin-key-001";

    public BotApplication Host { get; } = new(new Dictionary<string, string?>
    {
        ["Clearance:StaffKeys:0:Key"] = CquAdmin,
        ["Clearance:StaffKeys:0:School"] = "cqu",
        ["Clearance:StaffKeys:0:Office"] = "*",
        ["Clearance:StaffKeys:0:Name"] = "cqu-admin",
        ["Clearance:StaffKeys:1:Key"] = CquFinance,
        ["Clearance:StaffKeys:1:School"] = "cqu",
        ["Clearance:StaffKeys:1:Office"] = "finance",
        ["Clearance:StaffKeys:1:Name"] = "cqu-finance",
        ["Clearance:StaffKeys:2:Key"] = CumtAdmin,
        ["Clearance:StaffKeys:2:School"] = "cumt",
        ["Clearance:StaffKeys:2:Office"] = "*",
    });

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = Host.CreateClient();
        await Import("cqu", CquAdmin, """
            studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus,wecomUserId
            20181234,张三,123456,硕士,正常毕业,A区,false,true,zhangsan
            20181235,李四,234567,博士,正常毕业,虎溪校区,true,true,
            20181236,王五,345678,硕士,正常毕业,B区,false,true,
            20181299,全未办,999999,硕士,正常毕业,虎溪校区,true,true,
            20181297,锁用户,777777,硕士,正常毕业,A区,false,true,
            20181298,锁学号,888888,硕士,正常毕业,A区,false,true,
            20181296,走读生,666666,硕士,正常毕业,B区,false,false,
            """);
        await Import("cumt", CumtAdmin, """
            studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus
            2020010001,陈一,111111,硕士,正常毕业,南湖校区,false,true
            2020010002,刘二,222222,硕士,正常毕业,南湖校区,false,false
            """);
        // 张三: everything passed except library, finance (with a debt) and the gated 研工办.
        foreach (var office in new[] { "supervisor", "academic-secretary", "student-work-group", "party-committee", "dormitory", "hospital", "education-service-center", "campus-card" })
            await Put("cqu", "20181234", office, CquAdmin, new { status = "passed" });
        await Put("cqu", "20181234", "finance", CquAdmin, new
        {
            status = "pending",
            details = new { rows = new[] { new { year = "2019", item = "学分学费", amount = 550m } }, total = 550m },
        });
        await Put("cqu", "20181234", "library", CquAdmin, new
        {
            status = "pending",
            details = new { fields = new Dictionary<string, string> { ["未还册数"] = "2" } },
        });
    }

    public Task DisposeAsync()
    {
        Host.Dispose();
        return Task.CompletedTask;
    }

    public async Task<HttpResponseMessage> Import(string school, string key, string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/clearance/{school}/students")
        {
            Content = new StringContent(csv.Replace("\r\n", "\n"), System.Text.Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("X-Api-Key", key);
        var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response;
    }

    public async Task<HttpResponseMessage> Put(string school, string studentId, string office, string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/clearance/{school}/{studentId}/departments/{office}")
        {
            Content = JsonContent.Create(body),
        };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return await Client.SendAsync(request);
    }

    public Conversation User(string userId, string school) => new(Host.WebUser(userId), userId, school);
}

/// <summary>A transcript: <c>await user.Says("绑定")</c> returns the bot's answer.</summary>
public sealed class Conversation(HttpClient client, string userId, string school)
{
    public async Task<ChatResponse> Says(string text)
    {
        var response = await client.PostAsJsonAsync("/api/chat", new { userId, school, text });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ChatResponse>())!;
    }

    public async Task<ChatResponse> Binds(string studentId, string name, string digits)
    {
        await Says("绑定");
        await Says(studentId);
        await Says(name);
        return await Says(digits);
    }
}
