using System.ComponentModel;
using Clearance.Bot.Reminders;
using Microsoft.SemanticKernel;

namespace Clearance.Bot.Llm;

/// <summary>
/// Reminder settings as model-callable functions. Like <see cref="ClearanceStatusPlugin"/> it is built per turn for the
/// turn's bound student and conversation, and no function takes a student or user id: the model can only change the
/// asking student's own subscriptions, and pushes go to the conversation they asked from. Delegates to
/// <see cref="ReminderSubscriptions"/>, which the reminder dialog uses too.
/// </summary>
public sealed class ReminderSubscriptionPlugin(ReminderSubscriptions subscriptions, ReminderSubscriber subscriber)
{
    public const string PluginName = "ReminderSubscription";

    private readonly List<string> _changes = [];

    /// <summary>
    /// What the functions changed in this turn ("已订阅还贷提醒"): the student is told whichever answer is sent, even
    /// when the model's own text is discarded after the change was made.
    /// </summary>
    public IReadOnlyList<string> Changes
    {
        get
        {
            // A copy: an abandoned model call (over budget) may still be finishing a function on another thread.
            lock (_changes) return [.. _changes];
        }
    }

    private const string TopicDescription = "提醒类别：还贷提醒、校园卡提醒、离校时间提醒、待办事项提醒、重要日期提醒，或“全部”。";

    [KernelFunction("GetMyReminderSettings")]
    [Description("查看当前提问学生本人订阅了哪些提醒（✓ 已订阅，× 未订阅）。")]
    public async Task<string> GetMyReminderSettingsAsync(CancellationToken cancellationToken) =>
        (await subscriptions.SettingsAsync(subscriber, cancellationToken)).Text;

    [KernelFunction("Subscribe")]
    [Description("为当前提问学生本人订阅一类提醒，提醒发到学生提问所在的公众号或企业微信。只在学生明确要求订阅时调用。")]
    public async Task<string> SubscribeAsync([Description(TopicDescription)] string topic, CancellationToken cancellationToken)
    {
        if (Unknown(topic, out var found) is { } refusal) return refusal;
        return Note(await subscriptions.SubscribeAsync(subscriber, found, cancellationToken));
    }

    [KernelFunction("Unsubscribe")]
    [Description("为当前提问学生本人退订一类提醒。只在学生明确要求退订时调用。")]
    public async Task<string> UnsubscribeAsync([Description(TopicDescription)] string topic, CancellationToken cancellationToken)
    {
        if (Unknown(topic, out var found) is { } refusal) return refusal;
        return Note(await subscriptions.UnsubscribeAsync(subscriber, found, cancellationToken));
    }

    private string Note(SubscriptionResult result)
    {
        if (result.Changed is { } change)
        {
            lock (_changes) _changes.Add(change);
        }
        return result.Text;
    }

    /// <summary>The refusal for a topic we do not have, or null (and the topic; null for all).</summary>
    private static string? Unknown(string topic, out ReminderTopic? found)
    {
        found = ReminderSubscriptions.FindTopic(topic ?? "", out var all);
        if (found is not null || all) return null;
        return $"没有“{topic}”这类提醒，没有做任何更改。可以订阅：{string.Join("、", ReminderKinds.Topics.Select(t => t.Name))}，或“全部”。";
    }
}
