using System.Text.RegularExpressions;
using Clearance.Bot.Conversation;
using Clearance.Integrations.Records;
using Clearance.Integrations.SharedState;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// "绑定" → 学号 → 姓名 → 身份证后六位, checked against the roster as the schools' own binding flows do. The ID digits
/// live only in the turn that carries them: never in conversation state, never in a log. Five failures per user per
/// hour lock binding for that user; the failure message never says which answer was wrong. Because a caller can pick a
/// new user id at will (<c>/api/chat</c>, a second WeChat account), failures are also counted per student id: ten in an
/// hour lock that student id's binding for the next hour, whoever asks. Ids not on the roster count and lock the same
/// way, so the lock says nothing about whether an id exists. "解绑" removes the binding, "取消" leaves the dialog.
/// </summary>
public sealed partial class BindingDialog(BindingStore store, ISharedState sharedState, ILogger<BindingDialog> logger) : IDialog
{
    public const string DialogName = "binding";
    public const int MaxFailures = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// Checks per student id per hour, from any number of users; the tenth that fails locks the id. Above the per-user
    /// five so that one student's own typos lock their conversation first; low enough that guessing six digits stays
    /// hopeless (10 in 10⁶ an hour).
    /// </summary>
    public const int MaxStudentFailures = 10;

    private const string StepKey = "bind.step";
    private const string StudentIdKey = "bind.studentId";
    private const string NameKey = "bind.name";

    public string Name => DialogName;

    public int Priority => 10;

    public bool CanStart(TurnContext turn) =>
        turn.Activity.EventKey is "BIND" or "UNBIND" || BindPattern().IsMatch(turn.Text) || UnbindPattern().IsMatch(turn.Text);

    public async Task<Reply> HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        // Marks the turn after this one as an answer to binding (even after a lock has left the dialog): the
        // missed-question log keeps no student's name or ID digits.
        turn.State.LastIntent = DialogName;
        if (turn.Activity.EventKey == "UNBIND" || UnbindPattern().IsMatch(turn.Text))
            return await UnbindAsync(turn, cancellationToken);
        if (turn.State.ActiveDialog != DialogName || turn.Activity.EventKey == "BIND" || BindPattern().IsMatch(turn.Text))
            return await StartAsync(turn, cancellationToken);
        if (CancelPattern().IsMatch(turn.Text))
        {
            Leave(turn);
            return Reply.Say("已取消绑定。需要时回复“绑定”重新开始。", Intent.Bind);
        }
        return turn.State.Values.GetValueOrDefault(StepKey) switch
        {
            "name" => AskDigits(turn),
            "idLast6" => await VerifyAsync(turn, cancellationToken),
            _ => await AskNameAsync(turn, cancellationToken),
        };
    }

    private async Task<Reply> StartAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (await IsLockedAsync(turn, cancellationToken)) return Locked(turn);
        if (turn.StudentId is { } bound)
        {
            Leave(turn);
            return Reply.Say($"你已绑定学号 {bound}。如需更换，请先回复“解绑”。", Intent.Bind);
        }
        turn.State.ActiveDialog = DialogName;
        turn.State.Values[StepKey] = "studentId";
        turn.State.Values.Remove(StudentIdKey);
        turn.State.Values.Remove(NameKey);
        return Ask("绑定学号后可以查询本人离校进度。请输入学号（回复“取消”退出）：");
    }

    private async Task<Reply> AskNameAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var studentId = turn.Text;
        if (!StudentIdPattern().IsMatch(studentId))
            return Ask("学号格式不对，请重新输入学号（回复“取消”退出）：");
        if (await IsStudentLockedAsync(turn.Activity.School, studentId, cancellationToken)) return StudentLocked(turn);
        turn.State.Values[StudentIdKey] = studentId;
        turn.State.Values[StepKey] = "name";
        return Ask("请输入姓名：");
    }

    private static Reply AskDigits(TurnContext turn)
    {
        var name = turn.Text;
        if (name.Length is 0 or > 32 || name.Any(char.IsAsciiDigit))
            return Ask("请输入姓名（与学校名单一致）：");
        turn.State.Values[NameKey] = name;
        turn.State.Values[StepKey] = "idLast6";
        return Ask("请输入身份证号后六位（末位是 X 的请输入 X）：");
    }

    private async Task<Reply> VerifyAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var digits = turn.Text;
        if (!IdDigitsHasher.IsWellFormed(digits))
            return Ask("请输入身份证号后六位：6 位数字，末位可能是 X。");
        if (await IsLockedAsync(turn, cancellationToken))
        {
            Leave(turn);
            return Locked(turn);
        }
        var school = turn.Activity.School;
        var studentId = turn.State.Values.GetValueOrDefault(StudentIdKey) ?? "";
        var name = turn.State.Values.GetValueOrDefault(NameKey) ?? "";
        Leave(turn);
        // Checked again here: the lock may have been set by other users while this one typed the name.
        if (await IsStudentLockedAsync(school, studentId, cancellationToken)) return StudentLocked(turn);
        // The attempt is counted before the check, not after a failure: guesses sent in parallel from many user ids
        // cannot all pass the lock check while the slow hash comparisons are still running.
        var studentAttempts = await sharedState.IncrementAsync(StudentAttemptKey(school, studentId), FailureWindow, cancellationToken);
        if (studentAttempts > MaxStudentFailures) return await LockStudentAsync(turn, school, studentId, cancellationToken);
        if (await store.VerifyIdentityAsync(school, studentId, name, digits, cancellationToken))
        {
            await store.BindConversationAsync(turn.Activity.ConversationKey, school, studentId, cancellationToken);
            await sharedState.DeleteAsync(FailureKey(turn), cancellationToken);
            turn.StudentId = studentId;
            LogBound(logger, school, Privacy.MaskStudentId(studentId), Privacy.MaskName(name));
            return new Reply
            {
                Text = $"绑定成功：{name}（{studentId}）。回复“我的离校进度”查看各部门办理情况。",
                Intent = Intent.Bind,
                QuickReplies = ["我的离校进度"],
            };
        }
        var failures = await sharedState.IncrementAsync(FailureKey(turn), FailureWindow, cancellationToken);
        LogFailed(logger, school, failures);
        if (studentAttempts >= MaxStudentFailures) return await LockStudentAsync(turn, school, studentId, cancellationToken);
        if (failures >= MaxFailures) return Locked(turn);
        return new Reply
        {
            Text = $"学号、姓名或身份证后六位与学校名单不一致，绑定失败（还可尝试 {MaxFailures - failures} 次）。请核对后回复“绑定”重试。",
            Intent = Intent.Bind,
            Answered = false,
            QuickReplies = ["绑定"],
        };
    }

    private async Task<Reply> UnbindAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        Leave(turn);
        var removed = await store.UnbindConversationAsync(turn.Activity.ConversationKey, cancellationToken);
        if (removed is null)
            return Reply.Say("当前没有绑定学号。", Intent.Bind);
        turn.StudentId = null;
        return Reply.Say($"已解除与学号 {removed.StudentId} 的绑定。", Intent.Bind);
    }

    private async Task<bool> IsLockedAsync(TurnContext turn, CancellationToken cancellationToken) =>
        long.TryParse(await sharedState.GetAsync(FailureKey(turn), cancellationToken), out var failures) && failures >= MaxFailures;

    private static Reply Locked(TurnContext turn)
    {
        Leave(turn);
        return Reply.Say($"验证失败次数过多（{MaxFailures} 次），绑定已锁定，请 1 小时后再试。如确认信息无误，请联系学院核对名单。", "bind-locked", answered: false);
    }

    private async Task<bool> IsStudentLockedAsync(string school, string studentId, CancellationToken cancellationToken) =>
        await sharedState.GetAsync(StudentLockKey(school, studentId), cancellationToken) is not null;

    /// <summary>The lock has its own key so it lasts the full hour after the last failure, not the rest of the counter's window.</summary>
    private async Task<Reply> LockStudentAsync(TurnContext turn, string school, string studentId, CancellationToken cancellationToken)
    {
        if (await sharedState.TryAddAsync(StudentLockKey(school, studentId), "1", FailureWindow, cancellationToken))
            LogStudentLocked(logger, school, Privacy.MaskStudentId(studentId));
        return StudentLocked(turn);
    }

    private static Reply StudentLocked(TurnContext turn)
    {
        Leave(turn);
        return Reply.Say("该学号的绑定验证失败次数过多，已锁定 1 小时，请稍后再试。如确认信息无误，请联系学院核对名单。", "bind-locked", answered: false);
    }

    private static Reply Ask(string text) => Reply.Say(text, Intent.Bind);

    private static void Leave(TurnContext turn)
    {
        turn.State.ActiveDialog = null;
        turn.State.Values.Remove(StepKey);
        turn.State.Values.Remove(StudentIdKey);
        turn.State.Values.Remove(NameKey);
    }

    private static string FailureKey(TurnContext turn) => "bind-fail:" + turn.Activity.ConversationKey;

    private static string StudentAttemptKey(string school, string studentId) => $"bind-attempt-student:{school}:{studentId}";

    private static string StudentLockKey(string school, string studentId) => $"bind-lock-student:{school}:{studentId}";

    [GeneratedRegex(@"^(我要|我想)?(绑定|綁定)(学号|账号|帐号|身份)?$")]
    private static partial Regex BindPattern();

    [GeneratedRegex(@"^(解绑|解除绑定|取消绑定)(学号|账号)?$")]
    private static partial Regex UnbindPattern();

    [GeneratedRegex(@"^(取消|退出|算了|不绑了)$")]
    private static partial Regex CancelPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{4,32}$")]
    private static partial Regex StudentIdPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Bound {School} student {StudentId} ({Name})")]
    private static partial void LogBound(ILogger logger, string school, string studentId, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Binding check failed for {School}: failure {Failures} this hour")]
    private static partial void LogFailed(ILogger logger, string school, long failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Binding locked for an hour for {School} student {StudentId}: too many failures from any user")]
    private static partial void LogStudentLocked(ILogger logger, string school, string studentId);
}
