using System.ComponentModel.DataAnnotations;

namespace Clearance.Integrations.WeChat;

/// <summary>
/// What every callback endpoint needs, the same for the official account (<c>WeChat:*</c>) and WeCom (<c>WeCom:*</c>):
/// both sections carry these keys, each platform keeps its own values.
/// </summary>
public abstract class WeChatCallbackOptions
{
    /// <summary>How far a callback's timestamp may be from our clock; older requests are replays.</summary>
    [Range(10, 86_400)]
    public int ReplayWindowSeconds { get; set; } = 300;

    /// <summary>Real callbacks are a few kB (compatible mode ≈ 3× the message); anything bigger is refused with 413.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 65_536;

    /// <summary>WeChat gives up after 5 s; a turn not done by then is acknowledged and answered through the API.</summary>
    [Range(100, 4_900)]
    public int ReplyBudgetMilliseconds { get; set; } = 4_000;

    public TimeSpan ReplayWindow => TimeSpan.FromSeconds(ReplayWindowSeconds);

    public TimeSpan ReplyBudget => TimeSpan.FromMilliseconds(ReplyBudgetMilliseconds);
}
