using Clearance.Bot.Conversation;
using Clearance.Integrations.Records;

namespace Clearance.Bot.Reminders;

/// <summary>
/// The reminder side of follow and unfollow. Follow: the welcome offers reminders. Unfollow: the platform's rule is
/// that the user's data goes, and a user who left must get nothing more — every subscription reaching them through
/// this conversation and the conversation's binding are removed (the webhook forgets the conversation state itself).
/// </summary>
public sealed partial class ReminderChannelEvents(ReminderStore reminders, ClearanceStore records, ILogger<ReminderChannelEvents> logger) : ITurnMiddleware
{
    public const string Offer = "回复“订阅提醒”，在贷款贴息截止、校园卡停用、离校办理开始和截止前收到提醒（需先绑定学号）。";

    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.Kind == ActivityKind.Unsubscribe)
        {
            var removed = await reminders.ForgetAddressAsync(activity.Channel, activity.Account, activity.UserId, cancellationToken);
            var binding = await records.UnbindConversationAsync(activity.ConversationKey, cancellationToken);
            LogForgotten(logger, activity.Channel, activity.Account, removed, binding is not null);
            return await next(turn, cancellationToken);
        }
        var reply = await next(turn, cancellationToken);
        if (activity.Kind == ActivityKind.Subscribe && reply.Text.Length > 0 && !reply.Text.Contains("订阅提醒", StringComparison.Ordinal))
            return reply with { Text = reply.Text + "\n" + Offer, QuickReplies = [.. reply.QuickReplies, "订阅提醒"] };
        return reply;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Unfollow on {Channel}/{Account}: {Subscriptions} reminder subscriptions removed, binding removed: {Unbound}")]
    private static partial void LogForgotten(ILogger logger, string channel, string account, int subscriptions, bool unbound);
}
