using Clearance.Bot.Cli;

namespace Clearance.Bot.Tests.Webhooks;

[Collection(WebhookHost.Collection)]
public sealed class MenuPublishTests(WebhookHost host)
{
    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var exit = await CliDispatcher.RunAsync(host.Host.Services, args, output, CancellationToken.None);
        return (exit, output.ToString());
    }

    [Fact]
    public async Task PublishesTheDefaultMenuToTheOfficialAccount()
    {
        var (exit, output) = await RunAsync("menu", "publish", "--account", "test");

        Assert.Equal(0, exit);
        Assert.Contains("menu published to official account 'test'", output);
        var call = host.Api.Posts.Last(p => p.Path == "/cgi-bin/menu/create" && !p.Query.Contains("agentid", StringComparison.Ordinal));
        var buttons = FakeWeChatApi.Json(call).GetProperty("button");
        Assert.Equal("问答", buttons[0].GetProperty("name").GetString());
        Assert.Equal("联系我们", buttons[2].GetProperty("name").GetString());
    }

    [Fact]
    public async Task PublishesToTheWeComAppWithItsAgentId()
    {
        var (exit, _) = await RunAsync("menu", "publish", "--app", "staff");

        Assert.Equal(0, exit);
        Assert.Contains(host.Api.Posts, p => p.Path == "/cgi-bin/menu/create" && p.Query.Contains("agentid=1000002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlatformRefusalIsPrintedWithItsErrcode()
    {
        // "official" has no AppSecret: nothing is sent and the operator is told why.
        var (exit, output) = await RunAsync("menu", "publish", "--account", "official");

        Assert.Equal(1, exit);
        Assert.Contains("errcode -10003", output);
    }

    [Fact]
    public async Task UnknownTargetPrintsUsage()
    {
        var (exit, output) = await RunAsync("menu", "publish", "--account", "nobody");

        Assert.Equal(2, exit);
        Assert.Contains("usage: menu publish", output);
    }
}
