using Clearance.Integrations.Redis;
using Clearance.Integrations.SharedState;
using Clearance.Integrations.Tests.Redis;
using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Mp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Clearance.Integrations.Tests.WeChat;

/// <summary>
/// Two instances (each its own container and Redis multiplexer, as two processes would have) over one Redis and one
/// fake platform on 127.0.0.1: the access token is fetched once for all of them, since every fetch invalidates the
/// previous token on the real platform.
/// </summary>
public sealed class TokenCacheAcrossInstancesTests : IAsyncLifetime
{
    private readonly string _prefix = TestRedis.UniquePrefix();
    private FakeWeChatApi _api = null!;
    private readonly List<(IHost Host, RedisConnection Connection)> _instances = [];

    public async Task InitializeAsync()
    {
        _api = await FakeWeChatApi.StartAsync();
        // Slow enough that every concurrent caller arrives while the first refresh is still in flight.
        _api.TokenLatency = TimeSpan.FromMilliseconds(300);
    }

    private IWeChatMpClient StartInstance()
    {
        // A generous timeout: this is about who fetches, and a loaded CI machine must not turn it into a Redis timeout.
        var connection = TestRedis.Connect(TestServices.Redis, timeoutMilliseconds: 5_000);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = _api.BaseUrl,
            ["WeChat:Api:RetryDelaysMilliseconds:0"] = "0",
            ["WeChat:Accounts:demo:School"] = "cqu",
            ["WeChat:Accounts:demo:AppId"] = "wxdemo",
            ["WeChat:Accounts:demo:AppSecret"] = "secret",
            ["WeChat:Accounts:demo:Token"] = "token",
            ["WeChat:Accounts:demo:Mode"] = "plaintext",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ISharedState>(new RedisSharedState(connection, _prefix));
        builder.AddWeChat();
        var host = builder.Build();
        _instances.Add((host, connection));
        return host.Services.GetRequiredService<IWeChatMpClient>();
    }

    [ServiceFact(Needs.Redis)]
    public async Task ConcurrentDemandOnTwoInstancesFetchesTheTokenOnce()
    {
        var first = StartInstance();
        var second = StartInstance();

        var sends = Enumerable.Range(0, 20)
            .Select(i => (i % 2 == 0 ? first : second).SendTextAsync("demo", $"o-{i}", "提醒", CancellationToken.None));
        var results = await Task.WhenAll(sends);

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ErrMsg));
        Assert.Equal(1, _api.TokenFetches);
        Assert.Equal(20, _api.Posts.Count);
        Assert.All(_api.Posts, p => Assert.Equal("token-1", p.AccessToken));
    }

    [ServiceFact(Needs.Redis)]
    public async Task ATokenOneInstanceFoundRejectedIsReplacedForBoth()
    {
        var first = StartInstance();
        var second = StartInstance();
        Assert.True((await first.SendTextAsync("demo", "o-a", "一", CancellationToken.None)).IsSuccess);
        Assert.True((await second.SendTextAsync("demo", "o-b", "二", CancellationToken.None)).IsSuccess);
        Assert.Equal(1, _api.TokenFetches);

        // The platform stops taking token-1 (as after another system fetched one): the first instance refreshes once…
        _api.Script(40001);
        Assert.True((await first.SendTextAsync("demo", "o-a", "三", CancellationToken.None)).IsSuccess);
        // …and the second uses that new token from Redis instead of fetching its own.
        Assert.True((await second.SendTextAsync("demo", "o-b", "四", CancellationToken.None)).IsSuccess);

        Assert.Equal(2, _api.TokenFetches);
        Assert.Equal("token-2", _api.Posts.Last().AccessToken);
    }

    public async Task DisposeAsync()
    {
        foreach (var (host, connection) in _instances)
        {
            host.Dispose();
            await connection.DisposeAsync();
        }
        await _api.DisposeAsync();
    }
}
