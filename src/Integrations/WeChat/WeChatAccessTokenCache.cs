using System.Globalization;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Logging;

namespace Clearance.Integrations.WeChat;

/// <summary>What the token endpoint answered: a token and its lifetime, or the platform's error.</summary>
public sealed record AccessTokenGrant(string? AccessToken, int ExpiresIn, WeChatResult Result);

/// <summary>
/// Access tokens per account/app in the shared state, so every instance uses the same one: each fetch invalidates the
/// previous token (after ~5 min), so instances refreshing on their own would keep invalidating each other (the
/// classic intermittent 40001). One refresh at a time through a shared lock; refreshed before expiry; a token the
/// platform rejected is refreshed once.
/// </summary>
public sealed partial class WeChatAccessTokenCache(ISharedState state, TimeProvider time, ILogger<WeChatAccessTokenCache> logger)
{
    private static readonly TimeSpan LockTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    /// <param name="cacheKey">e.g. <c>mp:{appid}</c>, <c>work:{corpid}:{agentid}</c>.</param>
    /// <param name="rejectedToken">A token the platform just refused (40001/40014/42001): never returned again.</param>
    public async Task<(string? Token, WeChatResult Result)> GetAsync(
        string cacheKey,
        Func<bool, CancellationToken, Task<AccessTokenGrant>> fetch,
        TimeSpan refreshBeforeExpiry,
        string? rejectedToken,
        CancellationToken cancellationToken)
    {
        var key = "wxtoken:" + cacheKey;
        var waitUntil = time.GetUtcNow() + MaxWait;
        while (true)
        {
            var cached = await ReadAsync(key, rejectedToken, cancellationToken);
            if (cached is { } fresh && time.GetUtcNow() < fresh.ExpiresAt - refreshBeforeExpiry) return (fresh.Token, WeChatResult.Ok);

            await using (var refreshLock = await state.TryLockAsync(key + ":lock", LockTime, cancellationToken))
            {
                if (refreshLock is not null)
                {
                    // Someone may have refreshed between our read and the lock.
                    cached = await ReadAsync(key, rejectedToken, cancellationToken);
                    if (cached is { } again && time.GetUtcNow() < again.ExpiresAt - refreshBeforeExpiry) return (again.Token, WeChatResult.Ok);
                    var grant = await fetch(rejectedToken is not null, cancellationToken);
                    if (!grant.Result.IsSuccess || string.IsNullOrEmpty(grant.AccessToken) || grant.ExpiresIn <= 0)
                    {
                        LogRefreshFailed(logger, cacheKey, grant.Result.ErrCode);
                        // An almost-expired token still works; better than failing the call.
                        return cached is { } stillValid ? (stillValid.Token, WeChatResult.Ok) : (null, grant.Result.IsSuccess ? new WeChatResult(WeChatResult.Unreachable, "no access_token in response") : grant.Result);
                    }
                    var expiresAt = time.GetUtcNow() + TimeSpan.FromSeconds(grant.ExpiresIn);
                    await state.SetAsync(key, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "|" + grant.AccessToken,
                        TimeSpan.FromSeconds(grant.ExpiresIn), cancellationToken);
                    LogRefreshed(logger, cacheKey, grant.ExpiresIn);
                    return (grant.AccessToken, WeChatResult.Ok);
                }
            }

            // Another caller is refreshing: a still-valid token serves meanwhile, otherwise wait for theirs.
            if (cached is { } usable) return (usable.Token, WeChatResult.Ok);
            if (time.GetUtcNow() >= waitUntil) return (null, new WeChatResult(WeChatResult.Unreachable, "access_token refresh by another caller did not finish"));
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private async Task<(string Token, DateTimeOffset ExpiresAt)?> ReadAsync(string key, string? rejectedToken, CancellationToken cancellationToken)
    {
        var value = await state.GetAsync(key, cancellationToken);
        if (value is null) return null;
        var bar = value.IndexOf('|');
        if (bar <= 0 || !long.TryParse(value.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)) return null;
        var token = value[(bar + 1)..];
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires);
        if (token == rejectedToken || expiresAt <= time.GetUtcNow()) return null;
        return (token, expiresAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Access token for {CacheKey} refreshed, valid {ExpiresIn} s")]
    private static partial void LogRefreshed(ILogger logger, string cacheKey, int expiresIn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access token refresh for {CacheKey} failed with errcode {ErrCode}")]
    private static partial void LogRefreshFailed(ILogger logger, string cacheKey, int errCode);
}
