using System.Text.RegularExpressions;
using Clearance.Bot.Conversation;
using Clearance.Integrations.WeChat;

namespace Clearance.Bot.Reminders;

/// <summary>
/// "订阅提醒" / "退订" / "取消提醒" / per topic ("订阅还贷提醒", "退订校园卡提醒") and the REMIND menu key (current
/// settings). Bound students only: a reminder is about a student's own loan, card and offices.
/// </summary>
public sealed partial class ReminderDialog(ReminderSubscriptions subscriptions) : IDialog
{
    public const string DialogName = "reminders";

    public string Name => DialogName;

    /// <summary>After binding (10) and status (20), so "取消" inside the binding dialog stays the binding dialog's.</summary>
    public int Priority => 40;

    public bool CanStart(TurnContext turn) =>
        turn.Activity.Kind == ActivityKind.MenuClick && turn.Activity.EventKey == MenuKeys.Remind
        || turn.Activity.Kind == ActivityKind.Message && Parse(turn.Text) is not null;

    public async Task<Reply> HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        turn.State.LastIntent = DialogName;
        var command = turn.Activity.Kind == ActivityKind.MenuClick ? new Command(CommandKind.Show, null) : Parse(turn.Text)!;
        // Unknown, not unbound: the binding could not be read (records database down), so no "bind first".
        if (turn.StudentId is null && turn.IdentityUnavailable)
            return Reply.Say(RecordsOutageMiddleware.Text, Intent.RecordsUnavailable, answered: false);
        if (ReminderSubscriber.Of(turn) is not { } subscriber)
        {
            return new Reply
            {
                Text = "提醒会用到你的贷款、校园卡和离校办理情况，需要先绑定学号：回复“绑定”，按提示输入学号、姓名和身份证后六位。绑定后再发送“订阅提醒”。",
                Intent = Intent.BindRequired,
                QuickReplies = ["绑定"],
            };
        }
        var result = command.Kind switch
        {
            CommandKind.Show => await subscriptions.SettingsAsync(subscriber, cancellationToken),
            CommandKind.Subscribe => await subscriptions.SubscribeAsync(subscriber, command.Topic, cancellationToken),
            _ => await subscriptions.UnsubscribeAsync(subscriber, command.Topic, cancellationToken),
        };
        IReadOnlyList<string> quickReplies = result.Intent == Intent.RemindUnsupported ? [] : result.AnySubscribed ? ["退订"] : ["订阅提醒"];
        return new Reply { Text = result.Text, Intent = result.Intent, QuickReplies = quickReplies };
    }

    internal enum CommandKind
    {
        Show,
        Subscribe,
        Unsubscribe,
    }

    internal sealed record Command(CommandKind Kind, ReminderTopic? Topic);

    /// <summary>Null when the text is not about reminder settings.</summary>
    internal static Command? Parse(string text)
    {
        var t = text.Trim().TrimEnd('。', '!', '！', '?', '？');
        if (ShowPattern().IsMatch(t)) return new Command(CommandKind.Show, null);
        if (UnsubscribeAllPattern().IsMatch(t)) return new Command(CommandKind.Unsubscribe, null);
        if (SubscribeAllPattern().IsMatch(t)) return new Command(CommandKind.Subscribe, null);
        var topicMatch = TopicPattern().Match(t);
        if (!topicMatch.Success) return null;
        var words = topicMatch.Groups["what"].Value;
        var topic = ReminderTopics.All.FirstOrDefault(tp => words.Length > 0 && tp.Words.Any(w => words.Contains(w, StringComparison.Ordinal)));
        if (topic is null) return null;
        var verb = topicMatch.Groups["verb"].Value;
        return new Command(verb is "退订" or "取消" or "关闭" or "不要" or "停止" ? CommandKind.Unsubscribe : CommandKind.Subscribe, topic);
    }

    [GeneratedRegex(@"^(提醒设置|我的提醒|查看提醒|提醒状态|我订阅了什么|查看订阅)$")]
    private static partial Regex ShowPattern();

    [GeneratedRegex(@"^(退订|退订提醒|退订全部提醒|取消提醒|取消订阅|取消全部提醒|关闭提醒|不要提醒|不要再提醒|停止提醒|TD|td)$")]
    private static partial Regex UnsubscribeAllPattern();

    [GeneratedRegex(@"^(我要|我想)?(订阅|开启|打开)(全部)?(提醒|通知)$|^提醒我$")]
    private static partial Regex SubscribeAllPattern();

    [GeneratedRegex(@"^(?<verb>订阅|开启|打开|退订|取消|关闭|不要|停止)(?<what>.{1,8}?)(提醒|通知)$")]
    private static partial Regex TopicPattern();
}
