using System.Text.RegularExpressions;
using Clearance.Integrations.WeChat.Work;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Webhooks;

/// <summary>
/// The student a WeCom userid stands for under <c>WeCom:UserIdRule</c>; null when it does not match, and null when no
/// rule is set — then the identity middleware maps the userid through the roster's <c>wecomUserId</c> column.
/// </summary>
public sealed class WeComUserIds
{
    private readonly Regex? _userIdRule;

    public WeComUserIds(IOptions<WeComOptions> work)
    {
        if (!string.IsNullOrEmpty(work.Value.UserIdRule))
            _userIdRule = new Regex(work.Value.UserIdRule, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

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
