using System.Globalization;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.WeChat.Work;

/// <summary>Outbound WeCom API per configured app (by its name in <c>WeCom:Apps</c>); errcode as a value.</summary>
public interface IWeComClient
{
    Task<WeChatResult> SendTextAsync(string app, string userId, string content, CancellationToken cancellationToken);

    Task<WeChatResult> SendTextCardAsync(string app, string userId, WorkTextCard card, CancellationToken cancellationToken);

    /// <summary>Any app message; <c>agentid</c> is filled from the app's configuration.</summary>
    Task<WeChatResult> SendAsync(string app, CgibinMessageSendRequest request, CancellationToken cancellationToken);

    Task<WeChatResult> CreateMenuAsync(string app, CgibinMenuCreateRequest request, CancellationToken cancellationToken);
}

public sealed class WeComClient(
    IHttpClientFactory httpClientFactory,
    IOptions<WeComOptions> options,
    IOptions<WeChatOptions> apiOptions,
    ISharedState sharedState,
    TimeProvider time,
    WeChatApiCaller caller) : IWeComClient
{
    public const string HttpClientName = "WeChat.Work";

    public Task<WeChatResult> SendTextAsync(string app, string userId, string content, CancellationToken cancellationToken) =>
        SendAsync(app, new CgibinMessageSendRequest { ToUser = userId, MsgType = "text", Text = new WorkTextContent(content) }, cancellationToken);

    public Task<WeChatResult> SendTextCardAsync(string app, string userId, WorkTextCard card, CancellationToken cancellationToken) =>
        SendAsync(app, new CgibinMessageSendRequest { ToUser = userId, MsgType = "textcard", TextCard = card }, cancellationToken);

    public async Task<WeChatResult> SendAsync(string app, CgibinMessageSendRequest request, CancellationToken cancellationToken)
    {
        if (options.Value.Find(app) is not { } config) return NotConfigured(app);
        // WeCom drops messages beyond 30 per member per minute without telling us; refusing them here makes the
        // loss visible to the caller, which can retry next minute.
        var minute = (time.GetUtcNow().ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture);
        foreach (var member in request.ToUser.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var sent = await sharedState.IncrementAsync($"wecom-rate:{config.CorpId}:{config.AgentId}:{member}:{minute}", TimeSpan.FromSeconds(90), cancellationToken);
            if (sent > options.Value.MessagesPerMemberPerMinute)
                return new WeChatResult(WeChatResult.LocallyRateLimited, "more than the per-member limit of app messages this minute");
        }
        return await PostAsync(app, config, "/cgi-bin/message/send", request with { AgentId = config.AgentId },
            WeChatJson.Default.CgibinMessageSendRequest, cancellationToken);
    }

    public Task<WeChatResult> CreateMenuAsync(string app, CgibinMenuCreateRequest request, CancellationToken cancellationToken) =>
        options.Value.Find(app) is { } config
            ? PostAsync(app, config, $"/cgi-bin/menu/create?agentid={config.AgentId.ToString(CultureInfo.InvariantCulture)}", request,
                WeChatJson.Default.CgibinMenuCreateRequest, cancellationToken)
            : Task.FromResult(NotConfigured(app));

    private async Task<WeChatResult> PostAsync<TRequest>(
        string app, WeComAppOptions config, string pathAndQuery, TRequest request,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> type, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(config.Secret)) return NotConfigured(app);
        var http = httpClientFactory.CreateClient(HttpClientName);
        var api = apiOptions.Value.Api;
        var tokens = new TokenSource(
            $"work:{config.CorpId}:{config.AgentId.ToString(CultureInfo.InvariantCulture)}",
            (_, ct) => WeChatApiCaller.FetchTokenAsync(http,
                $"/cgi-bin/gettoken?corpid={Uri.EscapeDataString(config.CorpId)}&corpsecret={Uri.EscapeDataString(config.Secret)}", ct),
            TimeSpan.FromSeconds(api.RefreshBeforeExpirySeconds));
        return await caller.PostAsync(http, tokens, pathAndQuery, request, type, api.EffectiveRetryDelays, cancellationToken);
    }

    private static WeChatResult NotConfigured(string app) =>
        new(WeChatResult.NotConfigured, $"app '{app}' has no CorpId/Secret configured");
}
