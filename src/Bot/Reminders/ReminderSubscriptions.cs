using Clearance.Integrations.Records;
using System.Text;
using Clearance.Bot.Conversation;

namespace Clearance.Bot.Reminders;

/// <summary>
/// The bound student of a conversation, and the conversation itself: reminders go back to where the student subscribed.
/// Built from the turn only, so whoever calls <see cref="ReminderSubscriptions"/> can act on the asking student alone.
/// </summary>
public sealed record ReminderSubscriber(string School, string StudentId, ReminderAddress Address)
{
    /// <summary>Null when the turn's user has not bound a student id.</summary>
    public static ReminderSubscriber? Of(TurnContext turn) => turn.StudentId is { } studentId
        ? new ReminderSubscriber(turn.Activity.School, studentId, new ReminderAddress(turn.Activity.Channel.Name, turn.Activity.Account, turn.Activity.UserId))
        : null;

    /// <summary>Only the WeChat channels can push; the web page cannot receive a reminder later.</summary>
    public bool CanReceive => Address.Channel == Channel.Mp.Name || Address.Channel == Channel.Work.Name;
}

/// <summary>What a subscription request came to, in the words a student reads.</summary>
/// <param name="Changed">
/// What was written, in a few words ("已订阅还贷提醒"); null when nothing was (settings shown, a channel that cannot
/// receive).
/// </param>
public sealed record SubscriptionResult(string Text, Intent Intent, string? Changed, bool AnySubscribed);

/// <summary>
/// Reading and changing a student's reminder subscriptions, for the reminder dialog and the model's
/// <c>ReminderSubscriptionPlugin</c> alike, so both say and store the same thing.
/// </summary>
public sealed class ReminderSubscriptions(ReminderStore store)
{
    public const string AllTopics = "全部提醒";

    public async Task<SubscriptionResult> SettingsAsync(ReminderSubscriber subscriber, CancellationToken cancellationToken)
    {
        var current = await store.GetSubscriptionsAsync(subscriber.School, subscriber.StudentId, cancellationToken);
        return new SubscriptionResult(Settings(current, null), Intent.RemindSettings, null, current.Any);
    }

    /// <param name="topic">Null for every topic.</param>
    public async Task<SubscriptionResult> SubscribeAsync(ReminderSubscriber subscriber, ReminderTopic? topic, CancellationToken cancellationToken)
    {
        if (!subscriber.CanReceive)
            return new SubscriptionResult("网页版无法推送提醒。请在学校公众号或企业微信应用中发送“订阅提醒”。", Intent.RemindUnsupported, null, false);
        var updated = await store.SetSubscriptionAsync(
            subscriber.School, subscriber.StudentId, topic?.Kinds ?? [ReminderKinds.All], true, subscriber.Address, cancellationToken);
        var done = $"已订阅{topic?.Name ?? AllTopics}";
        var head = done + "。提醒只在 8:00–22:00 发送，同一天的多条提醒合并为一条。";
        return new SubscriptionResult(Settings(updated, head), Intent.RemindSubscribe, done, updated.Any);
    }

    /// <param name="topic">Null for every topic.</param>
    public async Task<SubscriptionResult> UnsubscribeAsync(ReminderSubscriber subscriber, ReminderTopic? topic, CancellationToken cancellationToken)
    {
        // No address: unsubscribing from anywhere (the web page included) must work, and must not move the pushes.
        var updated = await store.SetSubscriptionAsync(
            subscriber.School, subscriber.StudentId, topic?.Kinds ?? [ReminderKinds.All], false, null, cancellationToken);
        var done = $"已退订{topic?.Name ?? AllTopics}";
        return new SubscriptionResult(Settings(updated, done + "。"), Intent.RemindUnsubscribe, done, updated.Any);
    }

    /// <summary>
    /// A topic named by its name ("还贷提醒") or one of its words ("贷款"); <paramref name="all"/> is true for "全部"
    /// and the like. Both false/null: no such topic.
    /// </summary>
    public static ReminderTopic? FindTopic(string words, out bool all)
    {
        var w = words.Trim();
        all = w is "" or "全部" or "所有" or AllTopics or "所有提醒" or "提醒" or "all" or "*";
        if (all) return null;
        return ReminderTopics.All.FirstOrDefault(t => t.Name == w)
            ?? ReminderTopics.All.FirstOrDefault(t => t.Words.Any(word => w.Contains(word, StringComparison.Ordinal)));
    }

    public static string Settings(SubscriptionSet subscriptions, string? head)
    {
        var text = new StringBuilder();
        if (head is not null) text.Append(head).Append('\n');
        text.Append("提醒设置：");
        foreach (var topic in ReminderTopics.All)
            text.Append('\n').Append(topic.Kinds.Any(subscriptions.Wants) ? "✓ " : "× ").Append(topic.Name);
        text.Append("\n发送“订阅提醒”订阅全部，“退订”全部取消；也可以单项设置，如“订阅还贷提醒”“退订校园卡提醒”。");
        return text.ToString();
    }
}
