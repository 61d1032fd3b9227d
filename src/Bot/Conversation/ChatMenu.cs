namespace Clearance.Bot.Conversation;

/// <summary>A menu entry that is a click: its name as the student sees it, its key as the owning dialog claims it.</summary>
public sealed record MenuItem(string Name, string Key);

/// <summary>Where a school's menu comes from (today the official account's configured menu, or the defaults).</summary>
public interface IChatMenuSource
{
    /// <summary>The click items a student of <paramref name="school"/> sees on <paramref name="channel"/> (and account), in menu order.</summary>
    IReadOnlyList<MenuItem> Clicks(string school, Channel? channel = null, string? account = null);
}

/// <summary>
/// The custom menu's click items as text. The web page shows them as chips and students type them ("联系我们",
/// "提醒设置"); either way the message is the menu item, so it becomes the same click the WeChat menu sends and reaches
/// the dialog that owns the key, instead of the knowledge fallback. Channel-neutral: the items come from a source.
/// </summary>
public sealed class ChatMenu(IChatMenuSource source)
{
    public IReadOnlyList<MenuItem> Clicks(string school, Channel? channel = null, string? account = null) => source.Clicks(school, channel, account);

    /// <summary>A message that is exactly a click item's name, as that click; anything else unchanged.</summary>
    public Activity AsClick(Activity activity)
    {
        if (activity.Kind != ActivityKind.Message || activity.Text is not { } text) return activity;
        var name = text.Trim();
        if (name.Length == 0) return activity;
        var click = Clicks(activity.School, activity.Channel, activity.Account).FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.Ordinal));
        return click is null ? activity : activity with { Kind = ActivityKind.MenuClick, EventKey = click.Key };
    }
}
