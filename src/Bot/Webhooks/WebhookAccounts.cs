using System.Text.RegularExpressions;
using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Work;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Webhooks;

public sealed record MpAccount(string Name, WeChatAccountOptions Options, WeChatMessageCrypto? Crypto);

public sealed record WorkApp(string Name, WeComAppOptions Options, WeChatMessageCrypto Crypto);

/// <summary>The configured accounts and apps with their crypto built once (options are validated at start).</summary>
public sealed class WebhookAccounts
{
    private readonly Dictionary<string, MpAccount> _mp = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, WorkApp> _work = new(StringComparer.OrdinalIgnoreCase);
    private readonly Regex? _userIdRule;

    public WebhookAccounts(IOptions<WeChatOptions> mp, IOptions<WeComOptions> work)
    {
        foreach (var (name, o) in mp.Value.Accounts)
        {
            var crypto = string.IsNullOrEmpty(o.EncodingAESKey) ? null : new WeChatMessageCrypto(o.Token, o.EncodingAESKey, o.AppId);
            _mp[name] = new MpAccount(name, o, crypto);
        }
        foreach (var (name, o) in work.Value.Apps)
            _work[name] = new WorkApp(name, o, new WeChatMessageCrypto(o.Token, o.EncodingAESKey, o.CorpId));
        if (!string.IsNullOrEmpty(work.Value.UserIdRule))
            _userIdRule = new Regex(work.Value.UserIdRule, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    public MpAccount? Mp(string name) => _mp.GetValueOrDefault(name);

    public WorkApp? Work(string name) => _work.GetValueOrDefault(name);

    /// <summary>
    /// The student a WeCom userid stands for under <c>WeCom:UserIdRule</c>; null when it does not match, and null when no
    /// rule is set — then the identity middleware maps the userid through the roster's <c>wecomUserId</c> column.
    /// </summary>
    public string? StudentIdFor(string userId)
    {
        if (_userIdRule is null) return null;
        try
        {
            var match = _userIdRule.Match(userId);
            if (!match.Success) return null;
            if (match.Groups["student"] is { Success: true } named) return named.Value;
            return match.Groups.Count > 1 && match.Groups[1].Success ? match.Groups[1].Value : match.Value;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
