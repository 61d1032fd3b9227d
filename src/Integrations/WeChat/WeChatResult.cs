namespace Clearance.Integrations.WeChat;

/// <summary>
/// The outcome of one platform call: the platform's <c>errcode</c>/<c>errmsg</c> as a value (0 is success), or a local
/// code below -10000 for failures that never reached the platform. Callers decide by kind, not by code.
/// </summary>
public sealed record WeChatResult(int ErrCode, string? ErrMsg)
{
    /// <summary>Network error, timeout or an unreadable response: nothing known about delivery.</summary>
    public const int Unreachable = -10001;
    /// <summary>Refused locally because the platform would silently drop it (WeCom's 30/min per member).</summary>
    public const int LocallyRateLimited = -10002;
    /// <summary>The account or app is not configured, or has no secret for outbound calls.</summary>
    public const int NotConfigured = -10003;

    public static WeChatResult Ok { get; } = new(0, "ok");

    /// <summary>Template/app message id when the platform returns one.</summary>
    public string? MsgId { get; init; }

    public bool IsSuccess => ErrCode == 0;

    /// <summary>Worth retrying later: busy, minute quotas, concurrency, network.</summary>
    public bool IsTransient => ErrCode is -1 or 45011 or 45033 or Unreachable or LocallyRateLimited
        or 40001 or 40014 or 42001 or 45009;

    /// <summary>
    /// This message to this recipient will never go through: unfollowed, refused, outside the window, invalid user or
    /// payload. Drop it (and e.g. ask for consent again) instead of retrying.
    /// </summary>
    public bool IsPermanentFailure => ErrCode is 43101 or 43004 or 81013 or 82001 or 40003 or 45015 or 45047
        or 40037 or 47001 or 47003 or 44004 or 45002;

    /// <summary>Our configuration is wrong (appid, secret, IP whitelist, permissions); every call will fail until fixed.</summary>
    public bool IsConfigurationError => ErrCode is NotConfigured or 40013 or 40125 or 40164 or 48001 or 60020 or 40056 or 301002 or 41001;

    public override string ToString() => $"errcode {ErrCode} ({ErrMsg})";
}
