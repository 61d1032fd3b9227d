using System.Text.RegularExpressions;
using Clearance.Integrations.WeChat.Work;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Webhooks;

/// <summary>
/// The student a WeCom userid stands for under <c>WeCom:UserIdRule</c>; null when it does not match, and null when no
/// rule is set — then the identity middleware maps the userid through the roster's <c>wecomUserId</c> column only.
/// A rule is a school's deliberate choice: whoever holds a matching userid in its WeCom is that student, no binding
/// asked. Off by default; each mapping is logged with both ids masked.
/// </summary>
public sealed partial class WeComUserIds
{
    private readonly Regex? _userIdRule;
    private readonly ILogger<WeComUserIds> _logger;

    public WeComUserIds(IOptions<WeComOptions> work, ILogger<WeComUserIds>? logger = null)
    {
        _logger = logger ?? NullLogger<WeComUserIds>.Instance;
        if (!string.IsNullOrEmpty(work.Value.UserIdRule))
            _userIdRule = new Regex(work.Value.UserIdRule, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    public string? StudentIdFor(string userId)
    {
        var student = Match(userId);
        if (student is not null) LogMapped(_logger, MaskedId(userId), MaskedId(student));
        return student;
    }

    /// <summary>An id for the log: its length and last two characters, enough to tell two apart, not to find one.</summary>
    public static string MaskedId(string id) =>
        id.Length <= 4 ? new string('*', id.Length) : new string('*', id.Length - 2) + id[^2..];

    [LoggerMessage(Level = LogLevel.Information, Message = "WeCom userid {UserId} vouched as student {StudentId} by WeCom:UserIdRule")]
    private static partial void LogMapped(ILogger logger, string userId, string studentId);

    private string? Match(string userId)
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
