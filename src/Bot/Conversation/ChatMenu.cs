using Clearance.Integrations.WeChat;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Conversation;

/// <summary>
/// The custom menu's CLICK items as text. The web page shows them as chips and students type them ("联系我们",
/// "提醒设置"); either way the message is the menu item, so it becomes the same click the WeChat menu sends and reaches
/// the dialog that owns the key, instead of the knowledge fallback.
/// </summary>
public sealed class ChatMenu(IOptions<WeChatOptions> wechat)
{
    /// <summary>
    /// The menu a school's students see: the MP account's own (its configured menu or the defaults) for that account,
    /// otherwise the first configured account of the school, otherwise <see cref="MenuButtonOptions.Defaults"/>.
    /// </summary>
    public IReadOnlyList<MenuButtonOptions> For(string school, string? mpAccount = null)
    {
        var accounts = wechat.Value.Accounts;
        var account = mpAccount is not null ? wechat.Value.Find(mpAccount) : null;
        account ??= accounts
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => a.Value)
            .FirstOrDefault(a => string.Equals(a.School, school, StringComparison.Ordinal));
        return account?.EffectiveMenu ?? MenuButtonOptions.Defaults;
    }

    /// <summary>The CLICK items, sub-buttons included, in menu order.</summary>
    public IReadOnlyList<MenuButtonOptions> Clicks(string school, string? mpAccount = null) =>
        [.. For(school, mpAccount).SelectMany(b => b.SubButtons is { Count: > 0 } subs ? subs : [b])
            .Where(b => string.Equals(b.Type, "click", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(b.Key))];

    /// <summary>A message that is exactly a CLICK item's name, as that click; anything else unchanged.</summary>
    public Activity AsClick(Activity activity)
    {
        if (activity.Kind != ActivityKind.Message || activity.Text is not { } text) return activity;
        var name = text.Trim();
        if (name.Length == 0) return activity;
        var click = Clicks(activity.School, activity.Channel == "mp" ? activity.Account : null)
            .FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.Ordinal));
        return click is null ? activity : activity with { Kind = ActivityKind.MenuClick, EventKey = click.Key };
    }
}
