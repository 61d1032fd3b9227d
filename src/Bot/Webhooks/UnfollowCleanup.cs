using Clearance.Bot.Conversation;
using Clearance.Integrations.Records;

namespace Clearance.Bot.Webhooks;

/// <summary>
/// Unfollow means "forget me": the platform requires deleting the user's data, and a student who unfollowed must not
/// stay bound to an openid. Done by the webhook after the turn, not by a dialog, because a user in the middle of a
/// dialog (e.g. binding) keeps that dialog for the turn and the cleanup must happen regardless.
/// </summary>
public sealed partial class UnfollowCleanup(ConversationStateStore states, ClearanceStore records, ILogger<UnfollowCleanup> logger)
{
    public async Task ForgetAsync(Activity activity, CancellationToken cancellationToken)
    {
        await states.ForgetAsync(activity.ConversationKey, cancellationToken);
        var binding = await records.UnbindConversationAsync(activity.ConversationKey, cancellationToken);
        LogForgotten(logger, activity.Channel, activity.Account, binding is not null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel}/{Account}: user unfollowed; conversation forgotten, binding removed={HadBinding}")]
    private static partial void LogForgotten(ILogger logger, string channel, string account, bool hadBinding);
}
