using Clearance.Bot.Conversation;
using Clearance.Bot.Webhooks;
using Clearance.Bot.WebSessions;
using Clearance.Integrations.Records;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// Who is this student, if anyone: a student id the channel vouches for, a WeCom user on the roster, or the binding of
/// this conversation. Sits after the rate limit (so floods cost no database reads) and before logging and the router.
/// With the records database down, the turn goes on without an identity (knowledge answers need none) and says so in
/// <see cref="TurnContext.IdentityUnavailable"/>.
/// </summary>
public sealed partial class IdentityMiddleware(
    RosterStore roster, BindingStore bindings, TimeProvider time, IOptions<WebSessionOptions> sessions, ILogger<IdentityMiddleware> logger) : ITurnMiddleware
{
    private int _outage;

    public int Order => TurnOrder.Identity;

    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        try
        {
            turn.StudentId ??= await IdentifyAsync(turn.Activity, cancellationToken);
            if (Volatile.Read(ref _outage) == 1 && Interlocked.Exchange(ref _outage, 0) == 1) LogIdentityBack(logger);
        }
        catch (Exception e) when (RecordsOutage.Is(e))
        {
            // One warning per outage, not one per turn: every unbound user's turn reads the table.
            if (Interlocked.Exchange(ref _outage, 1) == 0) LogIdentityUnavailable(logger, e.GetType().Name);
            turn.IdentityUnavailable = true;
        }
        return await next(turn, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Records database unreachable ({Exception}): turns go on without an identity until it answers again")]
    private static partial void LogIdentityUnavailable(ILogger logger, string exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Records database answers again: identities are looked up again")]
    private static partial void LogIdentityBack(ILogger logger);

    private async Task<string?> IdentifyAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.VouchedStudentId is { Length: > 0 } vouched) return vouched;
        if (activity.Channel == Channel.Work)
        {
            // WeCom users are the school's own accounts: their userid maps to a student without a binding dialog.
            var mapped = await roster.FindStudentIdByWeComUserAsync(activity.School, activity.UserId, cancellationToken);
            if (mapped is not null)
            {
                LogRosterMapped(logger, WeComUserIds.MaskedId(activity.UserId), WeComUserIds.MaskedId(mapped));
                return mapped;
            }
        }
        // On the web only the session's own binding: the userId a client sends reaches nothing personal.
        if (activity.PersonalKey is not { } key) return null;
        var binding = await bindings.FindBindingAsync(key, cancellationToken);
        if (binding is null || binding.School != activity.School) return null;
        // A web binding ends with its session; this also holds if a session outlived its limit in a store's clock.
        if (activity.Channel == Channel.Web && time.GetUtcNow() - binding.BoundAt >= sessions.Value.Absolute) return null;
        return binding.StudentId;
    }

    // Every WeCom turn of a mapped user passes here: Debug, not a line per turn at the shipped level.
    [LoggerMessage(Level = LogLevel.Debug, Message = "WeCom userid {UserId} is student {StudentId} by the roster's wecomUserId column")]
    private static partial void LogRosterMapped(ILogger logger, string userId, string studentId);
}
