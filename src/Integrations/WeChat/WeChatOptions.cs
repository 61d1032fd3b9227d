using System.ComponentModel.DataAnnotations;

namespace Clearance.Integrations.WeChat;

/// <summary>
/// <c>WeChat</c>: the school official accounts (公众号) this host answers for. No accounts is valid, so the service
/// runs without WeChat settings; each configured account is checked at start (<see cref="WeChatOptionsValidator"/>).
/// </summary>
public sealed class WeChatOptions : WeChatCallbackOptions
{
    public const string SectionName = "WeChat";

    /// <summary>By the name used in the callback route <c>/wechat/mp/{name}</c>.</summary>
    public Dictionary<string, WeChatAccountOptions> Accounts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Tests point this at a local fake; production uses the default (or a regional backup host).</summary>
    [Required, Url]
    public string ApiBaseUrl { get; set; } = "https://api.weixin.qq.com";

    public WeChatApiOptions Api { get; set; } = new();

    public WeChatAccountOptions? Find(string name) => FindIn(Accounts, name);

    internal static T? FindIn<T>(Dictionary<string, T> map, string name) where T : class
    {
        if (map.TryGetValue(name, out var found)) return found;
        // The binder may replace our case-insensitive dictionary; configuration keys are case-insensitive anyway.
        foreach (var (key, value) in map)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }
}

/// <summary>One official account: <c>WeChat:Accounts:{name}</c>.</summary>
public sealed class WeChatAccountOptions
{
    /// <summary>Knowledge-base school id this account belongs to.</summary>
    public string School { get; set; } = "";
    /// <summary>The receiveid checked after decryption, and the appid for access tokens.</summary>
    public string AppId { get; set; } = "";
    /// <summary>Only needed for outbound calls (tokens); callbacks work without it.</summary>
    public string? AppSecret { get; set; }
    /// <summary>
    /// Use <c>/cgi-bin/stable_token</c> instead of <c>/cgi-bin/token</c>. Turn it on when other systems (the school's
    /// portal, a payment account) fetch tokens for the same AppID: each classic fetch invalidates everyone else's token,
    /// which shows up here as intermittent 40001; stable tokens are shared instead.
    /// </summary>
    public bool StableToken { get; set; }
    public string Token { get; set; } = "";
    /// <summary>43 characters; required unless <see cref="Mode"/> is <c>plaintext</c>.</summary>
    public string? EncodingAESKey { get; set; }
    /// <summary>
    /// Empty (compatible or safe mode, which need an EncodingAESKey) or <c>plaintext</c>. In plaintext mode the
    /// signature covers only the timestamp and nonce, not the message, so anyone on the path can change what a student
    /// sent; an account runs that way only when this says so, and the start log warns.
    /// </summary>
    public string? Mode { get; set; }

    public const string PlaintextMode = "plaintext";

    public bool IsPlaintext => string.Equals(Mode, PlaintextMode, StringComparison.OrdinalIgnoreCase);
    /// <summary>
    /// With an EncodingAESKey set, plaintext callbacks are refused: their signature does not cover the body, so accepting
    /// them would undo the encryption. Set true only while switching the console from plaintext to compatible mode.
    /// </summary>
    public bool AcceptPlaintext { get; set; }
    /// <summary>Template ids by reminder kind, used by the reminders feature.</summary>
    public Dictionary<string, string> TemplateIds { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>
    /// The data keys of this account's reminder templates. Every template chosen from WeChat's library names its fields
    /// itself ({{thing1.DATA}}, {{keyword1.DATA}}, {{first.DATA}} …); these say which key gets the reminder's title, its
    /// date and its hint. An empty name leaves that value out, for a template without such a field.
    /// </summary>
    public TemplateFieldNames TemplateFields { get; set; } = new();
    /// <summary>The custom menu; null means <see cref="MenuButtonOptions.Defaults"/>.</summary>
    public List<MenuButtonOptions>? Menu { get; set; }

    public IReadOnlyList<MenuButtonOptions> EffectiveMenu => Menu is { Count: > 0 } ? Menu : MenuButtonOptions.Defaults;
}

/// <summary>Which template data key carries which part of a reminder (<c>WeChat:Accounts:{name}:TemplateFields</c>).</summary>
public sealed class TemplateFieldNames
{
    /// <summary>What the reminder is about, ≤ 20 characters (a <c>thing</c> field).</summary>
    public string? Title { get; set; } = "thing1";
    /// <summary>The date it is about (a <c>time</c> or <c>date</c> field), as yyyy-MM-dd.</summary>
    public string? Date { get; set; } = "time2";
    /// <summary>What to do, ≤ 20 characters (a <c>thing</c> field).</summary>
    public string? Hint { get; set; } = "thing3";

    public IEnumerable<(string Part, string? Key)> All => [("Title", Title), ("Date", Date), ("Hint", Hint)];
}

/// <summary>Retry and timeout policy of the outbound API clients (MP and WeCom share it).</summary>
public sealed class WeChatApiOptions
{
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Delays before the retries of a call that failed with "busy" (-1, 45011, 45033) or a network error.</summary>
    public List<int>? RetryDelaysMilliseconds { get; set; }

    /// <summary>Tokens are refreshed this long before they expire, so a call never carries a token about to die.</summary>
    [Range(0, 3_600)]
    public int RefreshBeforeExpirySeconds { get; set; } = 300;

    public IReadOnlyList<int> EffectiveRetryDelays => RetryDelaysMilliseconds is { } d ? d : [200, 1_000, 3_000];
}

/// <summary>A custom-menu button: a CLICK key handled by a dialog, a VIEW link, or a group of sub-buttons.</summary>
public sealed class MenuButtonOptions
{
    public string Name { get; set; } = "";
    /// <summary><c>click</c> or <c>view</c>; empty for a group with <see cref="SubButtons"/>.</summary>
    public string? Type { get; set; }
    public string? Key { get; set; }
    public string? Url { get; set; }
    public List<MenuButtonOptions>? SubButtons { get; set; }

    /// <summary>
    /// The four entries every school asked for. WeChat and WeCom allow at most three top-level buttons of at most
    /// 16 bytes (我的离校进度 is 18), so progress and reminders share a group. STATUS and REMIND belong to the clearance
    /// and reminder dialogs; HELP and CONTACT to the channel-events dialog.
    /// </summary>
    public static IReadOnlyList<MenuButtonOptions> Defaults { get; } =
    [
        new() { Name = "问答", Type = "click", Key = MenuKeys.Help },
        new()
        {
            Name = "离校服务",
            SubButtons =
            [
                new() { Name = "我的离校进度", Type = "click", Key = MenuKeys.Status },
                new() { Name = "提醒设置", Type = "click", Key = MenuKeys.Remind },
            ],
        },
        new() { Name = "联系我们", Type = "click", Key = MenuKeys.Contact },
    ];
}

/// <summary>CLICK keys of the default menu; dialogs claim the keys they own.</summary>
public static class MenuKeys
{
    public const string Help = "HELP";
    public const string Status = "STATUS";
    public const string Remind = "REMIND";
    public const string Contact = "CONTACT";
}
