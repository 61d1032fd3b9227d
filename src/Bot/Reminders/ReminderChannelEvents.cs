using Clearance.Integrations.Records;
using Clearance.Bot.Conversation;

namespace Clearance.Bot.Reminders;

/// <summary>The reminder side of follow and unfollow. Follow: the welcome offers reminders.</summary>
public sealed class ReminderChannelEvents : ITurnMiddleware
{
    public const string Offer = "回复“订阅提醒”，在贷款贴息截止、校园卡停用、离校办理开始和截止前收到提醒（需先绑定学号）。";

    public int Order => TurnOrder.ReminderOffer;

    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        var reply = await next(turn, cancellationToken);
        if (turn.Activity.Kind == ActivityKind.Subscribe && reply.Text.Length > 0 && !reply.Text.Contains("订阅提醒", StringComparison.Ordinal))
            return reply with { Text = reply.Text + "\n" + Offer, QuickReplies = [.. reply.QuickReplies, "订阅提醒"] };
        return reply;
    }
}

/// <summary>Unfollow: a user who left gets nothing more — every subscription reaching them through this conversation goes.</summary>
public sealed partial class ReminderSubscriptionCleanup(ReminderStore reminders, ILogger<ReminderSubscriptionCleanup> logger) : IUserLeftCleanup
{
    public async Task ForgetAsync(Activity activity, CancellationToken cancellationToken)
    {
        var removed = await reminders.ForgetAddressAsync(activity.Channel.Name, activity.Account, activity.UserId, cancellationToken);
        LogForgotten(logger, activity.Channel.Name, activity.Account, removed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel}/{Account}: user left; {Subscriptions} reminder subscriptions removed")]
    private static partial void LogForgotten(ILogger logger, string channel, string account, int subscriptions);
}
