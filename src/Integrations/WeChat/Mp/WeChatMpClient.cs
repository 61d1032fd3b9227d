using Microsoft.Extensions.Options;

namespace Clearance.Integrations.WeChat.Mp;

/// <summary>
/// Outbound MP API per configured account (by its name in <c>WeChat:Accounts</c>). Every method returns the platform's
/// errcode as a <see cref="WeChatResult"/>; tokens, refresh and retries are handled inside.
/// </summary>
public interface IWeChatMpClient
{
    Task<WeChatResult> SendCustomMessageAsync(string account, CgibinMessageCustomSendRequest request, CancellationToken cancellationToken);

    Task<WeChatResult> SendTextAsync(string account, string openId, string content, CancellationToken cancellationToken) =>
        SendCustomMessageAsync(account, CgibinMessageCustomSendRequest.ForText(openId, content), cancellationToken);

    Task<WeChatResult> SendTemplateAsync(string account, CgibinMessageTemplateSendRequest request, CancellationToken cancellationToken);

    Task<WeChatResult> SendSubscribeMessageAsync(string account, CgibinMessageSubscribeBusinessSendRequest request, CancellationToken cancellationToken);

    Task<WeChatResult> CreateMenuAsync(string account, CgibinMenuCreateRequest request, CancellationToken cancellationToken);
}

public sealed class WeChatMpClient(
    IHttpClientFactory httpClientFactory,
    IOptions<WeChatOptions> options,
    WeChatApiCaller caller) : IWeChatMpClient
{
    public const string HttpClientName = "WeChat.Mp";

    public Task<WeChatResult> SendCustomMessageAsync(string account, CgibinMessageCustomSendRequest request, CancellationToken cancellationToken) =>
        PostAsync(account, "/cgi-bin/message/custom/send", request, WeChatJson.Default.CgibinMessageCustomSendRequest, cancellationToken);

    public Task<WeChatResult> SendTemplateAsync(string account, CgibinMessageTemplateSendRequest request, CancellationToken cancellationToken) =>
        PostAsync(account, "/cgi-bin/message/template/send", request, WeChatJson.Default.CgibinMessageTemplateSendRequest, cancellationToken);

    public Task<WeChatResult> SendSubscribeMessageAsync(string account, CgibinMessageSubscribeBusinessSendRequest request, CancellationToken cancellationToken) =>
        PostAsync(account, "/cgi-bin/message/subscribe/bizsend", request, WeChatJson.Default.CgibinMessageSubscribeBusinessSendRequest, cancellationToken);

    public Task<WeChatResult> CreateMenuAsync(string account, CgibinMenuCreateRequest request, CancellationToken cancellationToken) =>
        PostAsync(account, "/cgi-bin/menu/create", request, WeChatJson.Default.CgibinMenuCreateRequest, cancellationToken);

    private async Task<WeChatResult> PostAsync<TRequest>(
        string account, string path, TRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> type, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Find(account) is not { } config || string.IsNullOrEmpty(config.AppSecret))
            return new WeChatResult(WeChatResult.NotConfigured, $"account '{account}' has no AppId/AppSecret configured");
        var http = httpClientFactory.CreateClient(HttpClientName);
        var tokens = new TokenSource(
            "mp:" + config.AppId,
            (rejected, ct) => config.StableToken
                ? WeChatApiCaller.FetchStableTokenAsync(http, config.AppId, config.AppSecret, forceRefresh: rejected, ct)
                : WeChatApiCaller.FetchTokenAsync(http,
                    $"/cgi-bin/token?grant_type=client_credential&appid={Uri.EscapeDataString(config.AppId)}&secret={Uri.EscapeDataString(config.AppSecret)}", ct),
            TimeSpan.FromSeconds(o.Api.RefreshBeforeExpirySeconds));
        return await caller.PostAsync(http, tokens, path, request, type, o.Api.EffectiveRetryDelays, cancellationToken);
    }
}
