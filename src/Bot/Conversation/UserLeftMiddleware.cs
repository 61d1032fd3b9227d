namespace Clearance.Bot.Conversation;

/// <summary>
/// Something a feature keeps about a conversation that must go when the user leaves (unfollows): a binding, reminder
/// subscriptions. Features register one each; <see cref="UserLeftMiddleware"/> runs them all.
/// </summary>
public interface IUserLeftCleanup
{
    Task ForgetAsync(Activity activity, CancellationToken cancellationToken);
}

/// <summary>
/// The one owner of "the user left". Unfollow means "forget me": the platform requires deleting the user's data, and
/// a user who left must get nothing more. So an unfollow runs every feature's cleanup, ends the conversation (its
/// state is deleted, not saved) and answers nothing; no dialog sees it — a user in the middle of binding is not asked
/// the next question.
/// </summary>
public sealed partial class UserLeftMiddleware(IEnumerable<IUserLeftCleanup> cleanups, ILogger<UserLeftMiddleware> logger) : ITurnMiddleware
{
    private readonly IUserLeftCleanup[] _cleanups = [.. cleanups];

    public int Order => TurnOrder.UserLeft;

    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        if (turn.Activity.Kind != ActivityKind.Unsubscribe) return await next(turn, cancellationToken);
        foreach (var cleanup in _cleanups) await cleanup.ForgetAsync(turn.Activity, cancellationToken);
        turn.EndConversation();
        LogLeft(logger, turn.Activity.Channel.Name, turn.Activity.Account, _cleanups.Length);
        return Reply.Say("", Intent.Forgotten);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel}/{Account}: user left; conversation ended, {Cleanups} features forgot them")]
    private static partial void LogLeft(ILogger logger, string channel, string account, int cleanups);
}
