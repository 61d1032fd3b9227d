using Clearance.Integrations.SharedState;
using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Mp;
using Clearance.Integrations.WeChat.Work;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Clearance.Integrations.Tests.WeChat;

/// <summary>The outbound clients against <see cref="FakeWeChatApi"/> over real HTTP on 127.0.0.1.</summary>
public sealed class WeChatApiClientTests : IAsyncLifetime
{
    private FakeWeChatApi _api = null!;
    private IHost _host = null!;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-06-20T08:00:00Z"));

    public async Task InitializeAsync()
    {
        _api = await FakeWeChatApi.StartAsync();
        _host = BuildHost(new Dictionary<string, string?>());
    }

    private IHost BuildHost(Dictionary<string, string?> extra, TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder();
        var settings = new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = _api.BaseUrl,
            ["WeChat:Api:TimeoutSeconds"] = "2",
            // Retry delays go through the fake clock; zero keeps the test fast while still counting retries.
            ["WeChat:Api:RetryDelaysMilliseconds:0"] = "0",
            ["WeChat:Api:RetryDelaysMilliseconds:1"] = "0",
            ["WeChat:Api:RetryDelaysMilliseconds:2"] = "0",
            ["WeChat:Accounts:demo:School"] = "cqu",
            ["WeChat:Accounts:demo:AppId"] = "wxdemo",
            ["WeChat:Accounts:demo:AppSecret"] = "secret",
            ["WeChat:Accounts:demo:Token"] = "token",
            ["WeChat:Accounts:demo:Mode"] = "plaintext",
            ["WeChat:Accounts:nosecret:School"] = "cqu",
            ["WeChat:Accounts:nosecret:AppId"] = "wxother",
            ["WeChat:Accounts:nosecret:Token"] = "token",
            ["WeChat:Accounts:nosecret:Mode"] = "plaintext",
            ["WeCom:ApiBaseUrl"] = _api.BaseUrl,
            ["WeCom:Apps:staff:School"] = "cqu",
            ["WeCom:Apps:staff:CorpId"] = "ww1436e0e65a779aee",
            ["WeCom:Apps:staff:AgentId"] = "1000002",
            ["WeCom:Apps:staff:Secret"] = "corpsecret",
            ["WeCom:Apps:staff:Token"] = "t",
            ["WeCom:Apps:staff:EncodingAESKey"] = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
        };
        foreach (var (k, v) in extra) settings[k] = v;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(time ?? _time);
        builder.Services.AddSingleton<ISharedState, InMemorySharedState>();
        builder.AddWeChat();
        return builder.Build();
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _api.DisposeAsync();
    }

    private IWeChatMpClient Mp => _host.Services.GetRequiredService<IWeChatMpClient>();
    private IWeComClient Work => _host.Services.GetRequiredService<IWeComClient>();

    [Fact]
    public async Task CustomerServiceTextIsSentWithOneCachedToken()
    {
        var first = await Mp.SendTextAsync("demo", "o-user", "退宿在2号楼", default);
        var second = await Mp.SendTextAsync("demo", "o-user", "第二条", default);

        Assert.True(first.IsSuccess);
        Assert.True(second.IsSuccess);
        Assert.Equal(1, _api.TokenFetches);
        var call = _api.Posts.First();
        Assert.Equal("/cgi-bin/message/custom/send", call.Path);
        var json = FakeWeChatApi.Json(call);
        Assert.Equal("o-user", json.GetProperty("touser").GetString());
        Assert.Equal("text", json.GetProperty("msgtype").GetString());
        Assert.Equal("退宿在2号楼", json.GetProperty("text").GetProperty("content").GetString());
        Assert.False(json.TryGetProperty("news", out _));
    }

    [Fact]
    public async Task SystemBusyIsRetriedUntilItGoesThrough()
    {
        _api.Script(-1, -1);

        var result = await Mp.SendTextAsync("demo", "o-user", "x", default);

        Assert.True(result.IsSuccess);
        Assert.Equal(3, _api.Posts.Count);
    }

    [Fact]
    public async Task SystemBusyBeyondTheRetriesIsReturnedAsTransient()
    {
        _api.AlwaysErrCode = -1;

        var result = await Mp.SendTextAsync("demo", "o-user", "x", default);

        Assert.Equal(-1, result.ErrCode);
        Assert.True(result.IsTransient);
        Assert.Equal(4, _api.Posts.Count);
    }

    [Fact]
    public async Task ExpiredTokenIsRefreshedOnceAndTheCallRepeated()
    {
        _api.Script(42001);

        var result = await Mp.SendTextAsync("demo", "o-user", "x", default);

        Assert.True(result.IsSuccess);
        Assert.Equal(2, _api.TokenFetches);
        Assert.Equal(["token-1", "token-2"], _api.Posts.Select(p => p.AccessToken));
    }

    [Fact]
    public async Task StableTokenIsSharedWhileValidAndForcedOnlyAfterTheTokenWasRefused()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["WeChat:Accounts:demo:StableToken"] = "true" });
        var mp = host.Services.GetRequiredService<IWeChatMpClient>();

        var first = await mp.SendTextAsync("demo", "o-user", "x", default);
        // Another system asks for the stable token too (normal mode): it gets the same one, ours stays valid.
        using var other = new HttpClient { BaseAddress = new Uri(_api.BaseUrl) };
        using var otherFetch = await other.PostAsync("/cgi-bin/stable_token", new StringContent(
            "{\"grant_type\":\"client_credential\",\"appid\":\"wxdemo\",\"secret\":\"secret\",\"force_refresh\":false}"));
        var second = await mp.SendTextAsync("demo", "o-user", "y", default);
        _api.Script(40001);
        var third = await mp.SendTextAsync("demo", "o-user", "z", default);

        Assert.Equal((0, 0, 0), (first.ErrCode, second.ErrCode, third.ErrCode));
        Assert.Contains("\"stable-1\"", await otherFetch.Content.ReadAsStringAsync());
        Assert.Equal([false, false, true], _api.StableTokenRequests);
        Assert.Equal(["stable-1", "stable-1", "stable-1", "stable-2"], _api.Posts.Select(p => p.AccessToken));
    }

    [Fact]
    public async Task TokenRejectedAgainAfterRefreshIsReturnedNotLooped()
    {
        _api.AlwaysErrCode = 40001;

        var result = await Mp.SendTextAsync("demo", "o-user", "x", default);

        Assert.Equal(40001, result.ErrCode);
        Assert.Equal(2, _api.TokenFetches);
        Assert.Equal(2, _api.Posts.Count);
    }

    [Fact]
    public async Task DailyQuotaIsNotRetried()
    {
        _api.Script(45009);

        var result = await Mp.SendTextAsync("demo", "o-user", "x", default);

        Assert.Equal(45009, result.ErrCode);
        Assert.False(result.IsSuccess);
        Assert.Single(_api.Posts);
    }

    [Theory]
    [InlineData(43101)]
    [InlineData(43004)]
    [InlineData(40003)]
    [InlineData(45015)]
    public async Task RecipientFailuresArePermanentAndNotRetried(int errCode)
    {
        _api.Script(errCode);

        var result = await Mp.SendTextAsync("demo", "o-user", "x", default);

        Assert.True(result.IsPermanentFailure);
        Assert.False(result.IsTransient);
        Assert.Single(_api.Posts);
    }

    [Fact]
    public async Task LatencyBeyondTheTimeoutIsUnreachableAndNotResent()
    {
        _api.PostLatency = TimeSpan.FromSeconds(3);

        var result = await Mp.SendTextAsync("demo", "o-user", "x", default);

        Assert.Equal(WeChatResult.Unreachable, result.ErrCode);
        Assert.True(result.IsTransient);
        Assert.Single(_api.Posts);
    }

    [Fact]
    public async Task LatencyWithinTheTimeoutStillSucceeds()
    {
        _api.PostLatency = TimeSpan.FromMilliseconds(500);

        Assert.True((await Mp.SendTextAsync("demo", "o-user", "x", default)).IsSuccess);
    }

    [Fact]
    public async Task ConcurrentCallersShareOneTokenRefresh()
    {
        _api.TokenLatency = TimeSpan.FromMilliseconds(300);
        // Waiters poll the shared state on the clock, so this one needs real time.
        using var host = BuildHost([], TimeProvider.System);
        var mp = host.Services.GetRequiredService<IWeChatMpClient>();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => mp.SendTextAsync("demo", "o" + i, "x", default)));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Equal(1, _api.TokenFetches);
    }

    [Fact]
    public async Task TokenIsRefreshedFiveMinutesBeforeItExpires()
    {
        await Mp.SendTextAsync("demo", "o", "x", default);
        _time.Advance(TimeSpan.FromSeconds(7200 - 301));
        await Mp.SendTextAsync("demo", "o", "x", default);
        Assert.Equal(1, _api.TokenFetches);

        _time.Advance(TimeSpan.FromSeconds(2));
        await Mp.SendTextAsync("demo", "o", "x", default);

        Assert.Equal(2, _api.TokenFetches);
    }

    [Fact]
    public async Task TemplateMessageCarriesClientMsgIdAndData()
    {
        var result = await Mp.SendTemplateAsync("demo", new CgibinMessageTemplateSendRequest
        {
            ToUser = "o-user",
            TemplateId = "TPL",
            ClientMsgId = "remind:loan:2024001:2026-06-20",
            Data = new Dictionary<string, TemplateDataValue> { ["thing1"] = new("贷款还款"), ["time2"] = new("2026-06-20 12:00") },
        }, default);

        Assert.True(result.IsSuccess);
        Assert.NotNull(result.MsgId);
        var call = Assert.Single(_api.Posts);
        Assert.Equal("/cgi-bin/message/template/send", call.Path);
        var json = FakeWeChatApi.Json(call);
        Assert.Equal("remind:loan:2024001:2026-06-20", json.GetProperty("client_msg_id").GetString());
        Assert.Equal("贷款还款", json.GetProperty("data").GetProperty("thing1").GetProperty("value").GetString());
        Assert.False(json.TryGetProperty("url", out _));
    }

    [Fact]
    public async Task SubscribeMessageUsesBizsendAndMenuUsesMenuCreate()
    {
        await Mp.SendSubscribeMessageAsync("demo", new CgibinMessageSubscribeBusinessSendRequest
        {
            ToUser = "o", TemplateId = "T", Data = new Dictionary<string, TemplateDataValue> { ["thing1"] = new("x") },
        }, default);
        await Mp.CreateMenuAsync("demo", CgibinMenuCreateRequest.From(MenuButtonOptions.Defaults), default);

        Assert.Equal(["/cgi-bin/message/subscribe/bizsend", "/cgi-bin/menu/create"], _api.Posts.Select(p => p.Path));
        var menu = FakeWeChatApi.Json(_api.Posts.Last()).GetProperty("button");
        Assert.Equal(3, menu.GetArrayLength());
        Assert.Equal("HELP", menu[0].GetProperty("key").GetString());
        Assert.Equal("STATUS", menu[1].GetProperty("sub_button")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task AccountWithoutSecretIsAConfigurationErrorWithoutACall()
    {
        var result = await Mp.SendTextAsync("nosecret", "o", "x", default);
        var unknown = await Mp.SendTextAsync("nobody", "o", "x", default);

        Assert.True(result.IsConfigurationError);
        Assert.True(unknown.IsConfigurationError);
        Assert.Empty(_api.Posts);
        Assert.Equal(0, _api.TokenFetches);
    }

    [Fact]
    public async Task WeComTextAndTextCardCarryTheAgentId()
    {
        var text = await Work.SendTextAsync("staff", "zhangsan", "你好", default);
        var card = await Work.SendTextCardAsync("staff", "zhangsan", new WorkTextCard("离校提醒", "<div class=\"gray\">6月20日</div>", "https://example.edu", "详情"), default);

        Assert.True(text.IsSuccess);
        Assert.True(card.IsSuccess);
        var calls = _api.Posts.ToList();
        Assert.All(calls, c => Assert.Equal("/cgi-bin/message/send", c.Path));
        Assert.Equal(1000002, FakeWeChatApi.Json(calls[0]).GetProperty("agentid").GetInt32());
        Assert.Equal("你好", FakeWeChatApi.Json(calls[0]).GetProperty("text").GetProperty("content").GetString());
        Assert.Equal("离校提醒", FakeWeChatApi.Json(calls[1]).GetProperty("textcard").GetProperty("title").GetString());
    }

    [Fact]
    public async Task WeComRefusesTheThirtyFirstMessageToAMemberInAMinute()
    {
        for (var i = 0; i < 30; i++) Assert.True((await Work.SendTextAsync("staff", "zhangsan", "m" + i, default)).IsSuccess);

        var refused = await Work.SendTextAsync("staff", "zhangsan", "one too many", default);
        var otherMember = await Work.SendTextAsync("staff", "lisi", "fine", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var nextMinute = await Work.SendTextAsync("staff", "zhangsan", "fine again", default);

        Assert.Equal(WeChatResult.LocallyRateLimited, refused.ErrCode);
        Assert.True(refused.IsTransient);
        Assert.True(otherMember.IsSuccess);
        Assert.True(nextMinute.IsSuccess);
        Assert.Equal(32, _api.Posts.Count);
    }

    [Fact]
    public async Task WeComMenuGoesToTheAppAndExpiredTokenRefreshes()
    {
        _api.Script(42001);

        var result = await Work.CreateMenuAsync("staff", CgibinMenuCreateRequest.From(MenuButtonOptions.Defaults), default);

        Assert.True(result.IsSuccess);
        Assert.Equal(2, _api.TokenFetches);
        Assert.All(_api.Posts, c => Assert.Contains("agentid=1000002", c.Query));
    }
}
