using System.ComponentModel.DataAnnotations;

namespace Clearance.Integrations.WeChat.Work;

/// <summary><c>WeCom</c>: the school WeCom (企业微信) apps this host answers for. No apps is valid. The callback settings
/// (<see cref="WeChatCallbackOptions"/>) are the official account's, under <c>WeCom:</c>.</summary>
public sealed class WeComOptions : WeChatCallbackOptions
{
    public const string SectionName = "WeCom";

    /// <summary>By the name used in the callback route <c>/wechat/work/{name}</c>.</summary>
    public Dictionary<string, WeComAppOptions> Apps { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [Required, Url]
    public string ApiBaseUrl { get; set; } = "https://qyapi.weixin.qq.com";

    /// <summary>
    /// How a WeCom userid becomes a student id: a regular expression whose group <c>student</c> (or first group, or the
    /// whole match) is the id, e.g. <c>^s(?&lt;student&gt;\d{8,12})$</c>, or <c>^(?&lt;student&gt;\d{8,12})$</c> for userids
    /// that are student ids. A rule is a school's deliberate choice: the holder of a matching userid is that student
    /// without binding. Empty (the default) means the channel vouches for no one and only the roster's
    /// <c>wecomUserId</c> column maps (a userid equal to a student id is no longer enough); a userid that does not match
    /// the rule is a staff member or someone unknown (no vouched student).
    /// </summary>
    public string? UserIdRule { get; set; }

    /// <summary>WeCom silently drops app messages beyond 30 per member per minute; we refuse them instead.</summary>
    [Range(1, 30)]
    public int MessagesPerMemberPerMinute { get; set; } = 30;

    public WeComAppOptions? Find(string name) => WeChatOptions.FindIn(Apps, name);
}

/// <summary>One WeCom self-built app: <c>WeCom:Apps:{name}</c>.</summary>
public sealed class WeComAppOptions
{
    public string School { get; set; } = "";
    /// <summary>The receiveid checked after decryption (ww… or wx…).</summary>
    public string CorpId { get; set; } = "";
    public int AgentId { get; set; }
    /// <summary>The app's own secret; each app has its own token.</summary>
    public string? Secret { get; set; }
    public string Token { get; set; } = "";
    public string EncodingAESKey { get; set; } = "";
    public List<MenuButtonOptions>? Menu { get; set; }

    public IReadOnlyList<MenuButtonOptions> EffectiveMenu => Menu is { Count: > 0 } ? Menu : MenuButtonOptions.Defaults;
}
