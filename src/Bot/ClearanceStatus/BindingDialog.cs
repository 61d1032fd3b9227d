using System.Text.RegularExpressions;
using Clearance.Bot.Conversation;
using Clearance.Integrations.Records;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// "绑定" → 学号 → 姓名 → 身份证后六位, checked against the roster as the schools' own binding flows do. The ID digits
/// live only in the turn that carries them: never in conversation state, never in a log. How often anyone may check is
/// <see cref="BindingAttempts"/>' business (docs/security.md): five checks per account in 30 days, and past thirty a day
/// at one student id only accounts that have never checked before still get theirs, so guessing at a classmate's id
/// cannot lock the classmate out. The failure message never says which answer was wrong, and ids not on the roster are
/// counted like real ones, so a refusal says nothing about whether an id exists. On the web page binding is off unless
/// <c>Clearance:WebBinding</c> is set. "解绑" removes the binding, "取消" leaves the dialog.
/// </summary>
public sealed partial class BindingDialog(
    BindingStore store, BindingAttempts attempts, BindingWatch watch, IOptions<BindingOptions> options, ILogger<BindingDialog> logger) : IDialog
{
    public const string DialogName = "binding";

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
        if (turn.Activity.Channel == Channel.Web && !options.Value.WebBinding)
        {
            Leave(turn);
            return Reply.Say("网页版不提供学号绑定。请在学校的微信公众号或企业微信中回复“绑定”，绑定后即可查询本人离校进度。", "bind-off", answered: false);
        }
        if (turn.Activity.PersonalKey is null)
        {
            Leave(turn);
            return Reply.Say("网页版绑定需要浏览器保存 Cookie（会话凭证）：请允许本站的 Cookie 后刷新页面再试。", "bind-off", answered: false);
        }
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
        if (turn.StudentId is { } bound)
        {
            Leave(turn);
            return Reply.Say($"你已绑定学号 {bound}。如需更换，请先回复“解绑”。", Intent.Bind);
        }
        if (await attempts.PeekAsync(turn.Activity, turn.Activity.School, null, cancellationToken) is { } refusal) return Refused(turn, refusal);
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
        if (await attempts.PeekAsync(turn.Activity, turn.Activity.School, studentId, cancellationToken) is { } refusal) return Refused(turn, refusal);
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
        var school = turn.Activity.School;
        var studentId = turn.State.Values.GetValueOrDefault(StudentIdKey) ?? "";
        var name = turn.State.Values.GetValueOrDefault(NameKey) ?? "";
        Leave(turn);
        // Counted before the comparison, not after a failure: guesses sent in parallel cannot all pass the limits while
        // the slow hash comparisons are still running. A success counts too (binding is done once per account).
        var check = await attempts.ReserveAsync(turn.Activity, school, studentId, cancellationToken);
        if (check.Refusal is { } refusal)
        {
            LogRefused(logger, school, refusal);
            return Refused(turn, refusal);
        }
        if (await store.VerifyIdentityAsync(school, studentId, name, digits, cancellationToken))
        {
            await store.BindConversationAsync(turn.Activity.PersonalKey!, school, studentId, cancellationToken);
            turn.StudentId = studentId;
            LogBound(logger, school, Privacy.MaskStudentId(studentId), Privacy.MaskName(name));
            return new Reply
            {
                Text = $"绑定成功：{name}（{studentId}）。回复“我的离校进度”查看各部门办理情况。",
                Intent = Intent.Bind,
                QuickReplies = ["我的离校进度"],
            };
        }
        await watch.RecordFailureAsync(school, studentId, attempts.CounterKeysOf(turn.Activity), cancellationToken);
        LogFailed(logger, school, check.ChecksLeft);
        if (check.ChecksLeft == 0) return Refused(turn, BindingRefusal.Account);
        return new Reply
        {
            Text = $"学号、姓名或身份证后六位与学校名单不一致，绑定失败（本账号还可尝试 {check.ChecksLeft} 次）。请核对后回复“绑定”重试。",
            Intent = Intent.Bind,
            Answered = false,
            QuickReplies = ["绑定"],
        };
    }

    private async Task<Reply> UnbindAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        Leave(turn);
        var removed = turn.Activity.PersonalKey is { } key ? await store.UnbindConversationAsync(key, cancellationToken) : null;
        if (removed is null)
            return Reply.Say("当前没有绑定学号。", Intent.Bind);
        turn.StudentId = null;
        return Reply.Say($"已解除与学号 {removed.StudentId} 的绑定。", Intent.Bind);
    }

    private static Reply Refused(TurnContext turn, BindingRefusal refusal)
    {
        Leave(turn);
        var text = refusal switch
        {
            BindingRefusal.Account => $"本账号的绑定验证次数已用完（30 天内 {BindingLimits.ChecksPerIdentity} 次），绑定已锁定。如确认信息无误，请联系学院核对名单并解除锁定。",
            BindingRefusal.Address => "此网络地址的绑定验证次数已用完。请在学校的微信公众号或企业微信中绑定，或联系学院。",
            _ => "该学号今天的验证失败次数过多，暂时只接受此前没有验证过的账号。请明天再试，或联系学院解除锁定。",
        };
        return Reply.Say(text, "bind-locked", answered: false);
    }

    private static Reply Ask(string text) => Reply.Say(text, Intent.Bind);

    private static void Leave(TurnContext turn)
    {
        turn.State.ActiveDialog = null;
        turn.State.Values.Remove(StepKey);
        turn.State.Values.Remove(StudentIdKey);
        turn.State.Values.Remove(NameKey);
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Binding check failed for {School}: {ChecksLeft} checks left for the account")]
    private static partial void LogFailed(ILogger logger, string school, int checksLeft);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Binding check refused for {School}: {Refusal} limit reached")]
    private static partial void LogRefused(ILogger logger, string school, BindingRefusal refusal);
}
