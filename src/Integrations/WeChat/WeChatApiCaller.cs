using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Clearance.Integrations.WeChat;

/// <summary>
/// One platform call with the platform's failure rules, shared by the MP and WeCom clients: a rejected token
/// (40001/40014/42001) is refreshed once and the call repeated once; "busy" (-1), minute quota (45011), concurrency
/// (45033) and connection failures are retried after the configured delays; everything else (45009 daily quota
/// included) is returned at once as a value.
/// </summary>
public sealed partial class WeChatApiCaller(WeChatAccessTokenCache tokens, TimeProvider time, ILogger<WeChatApiCaller> logger)
{
    /// <summary>The meter of the WeChat client: <c>clearance.wechat.errors</c> by errcode, for the bot's /metrics.</summary>
    public const string MeterName = "Clearance.Integrations";
    private static readonly System.Diagnostics.Metrics.Meter Meter = new(MeterName);
    private static readonly System.Diagnostics.Metrics.Counter<long> Errors =
        Meter.CreateCounter<long>("clearance.wechat.errors", description: "WeChat/WeCom API calls that failed, by errcode");

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public async Task<WeChatResult> PostAsync<TRequest>(
        HttpClient http,
        TokenSource tokenSource,
        string pathAndQuery,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        IReadOnlyList<int> retryDelays,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        var (token, tokenResult) = await tokens.GetAsync(tokenSource.CacheKey, tokenSource.Fetch, tokenSource.RefreshBeforeExpiry, null, cancellationToken);
        if (token is null) return tokenResult;
        var refreshed = false;
        var retries = 0;
        while (true)
        {
            var separator = pathAndQuery.Contains('?') ? '&' : '?';
            var uri = $"{pathAndQuery}{separator}access_token={Uri.EscapeDataString(token)}";
            var (result, retryable) = await SendAsync(http, uri, body, cancellationToken);
            if (result.ErrCode is 40001 or 40014 or 42001 && !refreshed)
            {
                refreshed = true;
                LogTokenRejected(logger, tokenSource.CacheKey, PathOf(pathAndQuery), result.ErrCode);
                (token, tokenResult) = await tokens.GetAsync(tokenSource.CacheKey, tokenSource.Fetch, tokenSource.RefreshBeforeExpiry, token, cancellationToken);
                if (token is null) return tokenResult;
                continue;
            }
            if (retryable && retries < retryDelays.Count)
            {
                var delay = TimeSpan.FromMilliseconds(retryDelays[retries++]);
                LogRetrying(logger, tokenSource.CacheKey, PathOf(pathAndQuery), result.ErrCode, delay.TotalMilliseconds);
                await Task.Delay(delay, time, cancellationToken);
                continue;
            }
            if (!result.IsSuccess)
            {
                LogFailed(logger, tokenSource.CacheKey, PathOf(pathAndQuery), result.ErrCode, result.ErrMsg);
                Errors.Add(1, new KeyValuePair<string, object?>("errcode", result.ErrCode));
            }
            return result;
        }
    }

    /// <summary>GETs a token endpoint; its secret is in the query, so the URI is never logged.</summary>
    public static Task<AccessTokenGrant> FetchTokenAsync(HttpClient http, string pathAndQuery, CancellationToken cancellationToken) =>
        ReadTokenAsync(() => http.GetAsync(pathAndQuery, cancellationToken), cancellationToken);

    /// <summary>
    /// MP's stable token (<c>POST /cgi-bin/stable_token</c>): in normal mode the platform hands every caller the same
    /// token while it is valid, so another system fetching a token for the same AppID no longer invalidates ours.
    /// <paramref name="forceRefresh"/> only after the platform refused the token (it allows 20 a day, 30 s apart).
    /// </summary>
    public static Task<AccessTokenGrant> FetchStableTokenAsync(HttpClient http, string appId, string secret, bool forceRefresh, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new StableTokenRequest("client_credential", appId, secret, forceRefresh), WeChatJson.Default.StableTokenRequest);
        return ReadTokenAsync(async () =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            return await http.PostAsync("/cgi-bin/stable_token", content, cancellationToken);
        }, cancellationToken);
    }

    private static async Task<AccessTokenGrant> ReadTokenAsync(Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send();
            if (!response.IsSuccessStatusCode)
                return new(null, 0, new WeChatResult(WeChatResult.Unreachable, $"HTTP {(int)response.StatusCode}"));
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var result = ReadResult(root);
            var accessToken = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 0;
            return new(accessToken, expiresIn, result);
        }
        catch (HttpRequestException e)
        {
            return new(null, 0, new WeChatResult(WeChatResult.Unreachable, e.HttpRequestError.ToString()));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(null, 0, new WeChatResult(WeChatResult.Unreachable, "timeout"));
        }
        catch (JsonException)
        {
            return new(null, 0, new WeChatResult(WeChatResult.Unreachable, "response is not JSON"));
        }
    }

    private static async Task<(WeChatResult Result, bool Retryable)> SendAsync(HttpClient http, string uri, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            using var response = await http.PostAsync(uri, content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // A 5xx from the gateway means the platform did not take it; 4xx is ours to fix.
                var status = (int)response.StatusCode;
                return (new WeChatResult(WeChatResult.Unreachable, $"HTTP {status}"), status >= 500);
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            using var document = JsonDocument.Parse(bytes);
            var result = ReadResult(document.RootElement);
            return (result, result.ErrCode is -1 or 45011 or 45033);
        }
        catch (HttpRequestException e)
        {
            // Could not connect or the connection broke: retrying is how the platform's own SDKs handle it.
            return (new WeChatResult(WeChatResult.Unreachable, e.HttpRequestError.ToString()), true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout may have been delivered; not retried here so a message is not sent twice.
            return (new WeChatResult(WeChatResult.Unreachable, "timeout"), false);
        }
        catch (JsonException)
        {
            return (new WeChatResult(WeChatResult.Unreachable, "response is not JSON"), false);
        }
    }

    private static WeChatResult ReadResult(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return new WeChatResult(WeChatResult.Unreachable, "response is not a JSON object");
        var errCode = root.TryGetProperty("errcode", out var c) && c.TryGetInt32(out var code) ? code : 0;
        var errMsg = root.TryGetProperty("errmsg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        string? msgId = null;
        if (root.TryGetProperty("msgid", out var id))
            msgId = id.ValueKind == JsonValueKind.String ? id.GetString() : id.ValueKind == JsonValueKind.Number ? id.GetRawText() : null;
        return new WeChatResult(errCode, errMsg) { MsgId = msgId };
    }

    private static string PathOf(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery[..q];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{CacheKey} {Path}: token rejected with errcode {ErrCode}; refreshing once")]
    private static partial void LogTokenRejected(ILogger logger, string cacheKey, string path, int errCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{CacheKey} {Path}: errcode {ErrCode}; retrying in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, string cacheKey, string path, int errCode, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{CacheKey} {Path}: failed with errcode {ErrCode} ({ErrMsg})")]
    private static partial void LogFailed(ILogger logger, string cacheKey, string path, int errCode, string? errMsg);
}

/// <summary>Where a client's token comes from: its cache key and how to fetch a new one.</summary>
/// <param name="Fetch">Gets a new token; its flag is true when the platform has just refused the cached one.</param>
public sealed record TokenSource(string CacheKey, Func<bool, CancellationToken, Task<AccessTokenGrant>> Fetch, TimeSpan RefreshBeforeExpiry);
