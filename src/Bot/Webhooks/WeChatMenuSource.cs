using Clearance.Bot.Conversation;
using Clearance.Integrations.WeChat;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Webhooks;

/// <summary>
/// The menu a school's students see, from the official account configuration: the account's own (its configured menu
/// or the defaults) on that account, otherwise the first configured account of the school, otherwise
/// <see cref="MenuButtonOptions.Defaults"/>.
/// </summary>
public sealed class WeChatMenuSource(IOptions<WeChatOptions> wechat) : IChatMenuSource
{
    public IReadOnlyList<MenuItem> Clicks(string school, Channel? channel = null, string? account = null)
    {
        var configured = channel == Channel.Mp && account is not null ? wechat.Value.Find(account) : null;
        configured ??= wechat.Value.Accounts
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => a.Value)
            .FirstOrDefault(a => string.Equals(a.School, school, StringComparison.Ordinal));
        var menu = configured?.EffectiveMenu ?? MenuButtonOptions.Defaults;
        return [.. menu.SelectMany(b => b.SubButtons is { Count: > 0 } subs ? subs : [b])
            .Where(b => string.Equals(b.Type, "click", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(b.Key))
            .Select(b => new MenuItem(b.Name, b.Key!))];
    }
}
