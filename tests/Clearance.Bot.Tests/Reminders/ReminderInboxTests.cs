using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clearance.Bot.Cli;

namespace Clearance.Bot.Tests.Reminders;

public sealed class ReminderInboxTests
{
    [Fact]
    public async Task ABoundWebStudentSeesWhatTheRemindersWouldPushAndOthersSeeNothing()
    {
        using var host = new BotApplication();
        var roster = Path.Combine(host.DataDirectory, "roster.csv");
        await File.WriteAllTextAsync(roster, "studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus\n20181234,张三,123456,硕士,正常毕业,A区,true,true\n");
        Assert.Equal(0, await CliDispatcher.RunAsync(host.Services, ["students", "import", "--school", "cqu", roster], new StringWriter(), default));
        var client = host.CreateClient();

        var before = await client.GetFromJsonAsync<JsonElement>("/api/reminders/inbox?school=cqu&userId=inbox-user");
        Assert.False(before.GetProperty("bound").GetBoolean());

        await new ClearanceStatus.Conversation(client, "inbox-user", "cqu").Binds("20181234", "张三", "123456");
        var inbox = await client.GetFromJsonAsync<JsonElement>("/api/reminders/inbox?school=cqu&userId=inbox-user");

        Assert.True(inbox.GetProperty("bound").GetBoolean());
        var items = inbox.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.Contains(items, i => i.GetProperty("kinds").EnumerateArray().Any(k => k.GetString() == "window-open")
            && i.GetProperty("date").GetString()!.EndsWith("-06-25", StringComparison.Ordinal));
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.GetProperty("text").GetString())));

        var otherSchool = await client.GetFromJsonAsync<JsonElement>("/api/reminders/inbox?school=cumt&userId=inbox-user");
        Assert.False(otherSchool.GetProperty("bound").GetBoolean());
    }

    [Fact]
    public async Task ThereIsNoWebInboxWithRedis()
    {
        using var host = new BotApplication(new Dictionary<string, string?> { ["Redis:Configuration"] = "127.0.0.1:9,abortConnect=false,connectTimeout=200" });

        var response = await host.CreateClient().GetAsync("/api/reminders/inbox?school=cqu&userId=x");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
