using Clearance.Integrations.Records;

namespace Clearance.Bot.Reminders;

/// <summary>The reminder kinds as students name them when they subscribe ("订阅还贷提醒"), grouped by topic.</summary>
public static class ReminderTopics
{
    /// <summary>Topics as students name them: the words that pick them and the kinds they cover.</summary>
    public static IReadOnlyList<ReminderTopic> All { get; } =
    [
        new("还贷提醒", ["还贷", "贷款", "还款", "助学贷款", "贴息"], [ReminderKinds.LoanRepayment]),
        new("校园卡提醒", ["校园卡", "一卡通", "饭卡", "校卡"], [ReminderKinds.CardExpiry, ReminderKinds.CardStop]),
        new("离校时间提醒", ["离校时间", "离校窗口", "办理时间", "离校日期", "集中办理"], [ReminderKinds.WindowOpen, ReminderKinds.WindowClosing]),
        new("待办事项提醒", ["待办", "未办", "未完成", "办理进度", "每周"], [ReminderKinds.PendingOffices]),
        new("重要日期提醒", ["重要日期", "毕业证", "学位证", "截止日期", "银行卡"], [ReminderKinds.ImportantDates]),
    ];

    public static ReminderTopic? TopicOf(string kind) => All.FirstOrDefault(t => t.Kinds.Contains(kind, StringComparer.Ordinal));
}

public sealed record ReminderTopic(string Name, IReadOnlyList<string> Words, IReadOnlyList<string> Kinds);
