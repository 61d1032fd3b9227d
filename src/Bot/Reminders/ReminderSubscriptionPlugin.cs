using System.ComponentModel;
using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Llm;
using Microsoft.SemanticKernel;

namespace Clearance.Bot.Reminders;

/// <summary>
/// Reminder settings as model-callable functions, contributed by the reminders feature. Like
/// <see cref="ClearanceStatusPlugin"/> it is built per model turn for the turn's bound student and conversation, and no function takes a student or user id: the model can only change the
/// asking student's own subscriptions, and pushes go to the conversation they asked from. Delegates to
/// <see cref="ReminderSubscriptions"/>, which the reminder dialog uses too.
/// </summary>
public sealed class ReminderSubscriptionPlugin(ReminderSubscriptions subscriptions, ModelTurn turn)
{
    public const string PluginName = "ReminderSubscription";

    private ReminderSubscriber Subscriber => turn.Student;

    private const string TopicDescription = "提醒类别：还贷提醒、校园卡提醒、离校时间提醒、待办事项提醒、重要日期提醒，或“全部”。";

    [KernelFunction("GetMyReminderSettings")]
    [Description("查看当前提问学生本人订阅了哪些提醒（✓ 已订阅，× 未订阅）。")]
    public async Task<string> GetMyReminderSettingsAsync(CancellationToken cancellationToken) =>
        (await subscriptions.SettingsAsync(Subscriber, cancellationToken)).Text;

    [KernelFunction("Subscribe")]
    [Description("为当前提问学生本人订阅一类提醒，提醒发到学生提问所在的公众号或企业微信。只在学生明确要求订阅时调用。")]
    public async Task<string> SubscribeAsync([Description(TopicDescription)] string topic, CancellationToken cancellationToken)
    {
        if (Unknown(topic, out var found) is { } refusal) return refusal;
        return Note(await subscriptions.SubscribeAsync(Subscriber, found, cancellationToken));
    }

    [KernelFunction("Unsubscribe")]
    [Description("为当前提问学生本人退订一类提醒。只在学生明确要求退订时调用。")]
    public async Task<string> UnsubscribeAsync([Description(TopicDescription)] string topic, CancellationToken cancellationToken)
    {
        if (Unknown(topic, out var found) is { } refusal) return refusal;
        return Note(await subscriptions.UnsubscribeAsync(Subscriber, found, cancellationToken));
    }

    private string Note(SubscriptionResult result)
    {
        // The student is told of it whichever answer is sent, even when the model's own text is discarded.
        if (result.Changed is { } change) turn.Record(change);
        return result.Text;
    }

    /// <summary>The refusal for a topic we do not have, or null (and the topic; null for all).</summary>
    private static string? Unknown(string topic, out ReminderTopic? found)
    {
        found = ReminderSubscriptions.FindTopic(topic ?? "", out var all);
        if (found is not null || all) return null;
        return $"没有“{topic}”这类提醒，没有做任何更改。可以订阅：{string.Join("、", ReminderTopics.All.Select(t => t.Name))}，或“全部”。";
    }
}
