using System.Text.RegularExpressions;
using Clearance.Bot.Conversation;
using Clearance.Integrations.ClearanceStatus;
using Clearance.Integrations.Records;
using Clearance.Knowledge;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// "我的离校进度" / "离校办到哪了" / menu STATUS: the bound student's ✓ / × per office with what to do and where to go;
/// "提交离校": submits once every required office has passed, and only once. A student sees only their own record.
/// </summary>
public sealed partial class StatusDialog(
    IClearanceStatusProvider provider,
    ProgressStore store,
    KnowledgeBase knowledge,
    BindingStore bindings,
    BindingAttempts attempts,
    ILogger<StatusDialog> logger) : IDialog
{
    public const string DialogName = "status";

    /// <summary>Set while a web submission waits for the ID digits; the digits themselves are never stored.</summary>
    private const string ConfirmKey = "submit.confirm";

    public string Name => DialogName;

    public int Priority => 20;

    public bool CanStart(TurnContext turn) =>
        turn.Activity.EventKey is "STATUS" or "SUBMIT" || IsStatusQuestion(turn.Text) || SubmitPattern().IsMatch(turn.Text);

    internal static bool IsStatusQuestion(string text) =>
        StatusPattern().IsMatch(text) || text.Contains("进度", StringComparison.Ordinal) && OtherIdPattern().IsMatch(text);

    public async Task<Reply> HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        turn.State.LastIntent = DialogName;
        // Only the one turn after "提交离校" on the web answers the confirmation; anything it was not is dropped.
        var confirming = turn.State.ActiveDialog == DialogName && turn.State.Values.Remove(ConfirmKey);
        turn.State.ActiveDialog = null;
        var school = knowledge.Current.School(turn.Activity.School);
        if (school is null || school.Profile.Clearance.Offices.Count == 0)
            return Reply.Say("本校的离校进度暂未接入，请按离校指南逐项办理；可以直接问我某个部门怎么办。", DialogName, answered: false);

        // Unknown, not unbound: the binding could not be read, so a bound student is not asked to bind again.
        if (turn.StudentId is null && turn.IdentityUnavailable)
            return Reply.Say(StatusReply.Unavailable(school.Profile), Intent.StatusUnavailable, answered: false);
        if (turn.StudentId is not { } studentId)
        {
            return new Reply
            {
                Text = "查询离校进度需要先绑定学号：回复“绑定”，按提示输入学号、姓名和身份证后六位（只用于核对本人身份）。",
                Intent = Intent.BindRequired,
                QuickReplies = ["绑定"],
            };
        }
        // The ID digits answering a web submission are not a student id asked about.
        var asked = confirming ? null : OtherIdPattern().Matches(turn.Text).Select(m => m.Value).FirstOrDefault(id => id != studentId);
        // Only the bound student's own record: an id typed in the question that is not theirs is refused, not looked up.
        if (asked is not null)
        {
            LogRefused(logger, turn.Activity.School);
            return Reply.Say($"只能查询本人的离校进度（已绑定学号 {studentId}）。", Intent.StatusRefused, answered: false);
        }

        var lookup = await provider.LookupAsync(turn.Activity.School, studentId, cancellationToken);
        switch (lookup.Outcome)
        {
            case LookupOutcome.Unavailable:
                return Reply.Say(StatusReply.Unavailable(school.Profile), Intent.StatusUnavailable, answered: false);
            case LookupOutcome.NotFound:
                return Reply.Say($"学校离校名单中没有学号 {studentId}，请联系学院核对。{Contact(school.Profile)}", DialogName, answered: false);
        }
        var progress = ClearanceProgress.For(school.Profile, lookup.Record!);
        if (confirming) return await ConfirmAsync(turn, progress, school, cancellationToken);
        var submitting = turn.Activity.EventKey == "SUBMIT" || SubmitPattern().IsMatch(turn.Text);
        return submitting
            ? await SubmitAsync(turn, progress, school, cancellationToken)
            : Show(progress, school);
    }

    private static Reply Show(ClearanceProgress progress, SchoolKnowledge school) => new()
    {
        Text = StatusReply.Compose(progress, school),
        Intent = DialogName,
        QuickReplies = progress.Complete && !progress.Submitted && progress.School.Clearance.SubmitOnce ? ["提交离校"] : [],
    };

    private async Task<Reply> SubmitAsync(TurnContext turn, ClearanceProgress progress, SchoolKnowledge school, CancellationToken cancellationToken)
    {
        if (!school.Profile.Clearance.SubmitOnce)
        {
            var rule = progress.Complete ? "你的各环节已全部完成。" : $"还差：{string.Join('、', progress.Missing.Select(o => o.Office.Name))}。";
            return Reply.Say($"{school.Profile.Name}的离校没有“提交”这一步：各环节全部 ✓ 即办结。{rule}", Intent.Submit, answered: true);
        }
        if (progress.Submitted)
            return Reply.Say($"你已于 {progress.Record.SubmittedAt!.Value.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} 提交过离校服务，离校服务只能提交一次，无需再次提交。", Intent.Submit, answered: true);
        if (!progress.Complete)
        {
            var missing = progress.Missing.Select(o => o.Office.Name + (StatusReply.DescribeDetails(o) is { Length: > 0 } d ? $"（{d}）" : ""));
            return Reply.Say(StatusReply.FitBytes($"还不能提交离校：以下事项未通过——{string.Join('；', missing)}。全部显示“通过”后才能提交，且只能提交一次。"), Intent.Submit, answered: true);
        }
        if (!provider.OwnsRecords)
            return Reply.Say($"各事项已全部通过，请在学校离校系统中提交：{school.Profile.Clearance.System}", Intent.Submit);
        if (turn.Activity.Channel == Channel.Web)
        {
            // A web session is only a cookie on some computer: the irreversible step asks for what only the student knows.
            turn.State.ActiveDialog = DialogName;
            turn.State.Values[ConfirmKey] = "1";
            return Reply.Say("提交后不能撤回。请输入身份证号后六位确认提交（末位是 X 的请输入 X；回复其他内容则不提交）：", Intent.Submit);
        }
        return await SubmitNowAsync(turn, progress, school, cancellationToken);
    }

    private async Task<Reply> ConfirmAsync(TurnContext turn, ClearanceProgress progress, SchoolKnowledge school, CancellationToken cancellationToken)
    {
        if (!IdDigitsHasher.IsWellFormed(turn.Text))
            return Reply.Say("未提交离校。需要时回复“提交离校”重新开始。", Intent.Submit, answered: false);
        // Counted like a binding check, so a borrowed session cannot guess the digits.
        var check = await attempts.ReserveAsync(turn.Activity, turn.Activity.School, progress.Student.StudentId, cancellationToken);
        if (check.Refusal is not null)
            return Reply.Say("本账号的身份验证次数已用完，未提交离校。请联系学院。", Intent.Submit, answered: false);
        if (!await bindings.VerifyIdDigitsAsync(turn.Activity.School, progress.Student.StudentId, turn.Text, cancellationToken))
            return Reply.Say($"身份证后六位不一致，未提交离校（本账号还可尝试 {check.ChecksLeft} 次）。回复“提交离校”重试。", Intent.Submit, answered: false);
        return await SubmitNowAsync(turn, progress, school, cancellationToken);
    }

    private async Task<Reply> SubmitNowAsync(TurnContext turn, ClearanceProgress progress, SchoolKnowledge school, CancellationToken cancellationToken)
    {
        var outcome = await store.SubmitAsync(turn.Activity.School, progress.Student.StudentId, turn.Activity.Channel.Name, cancellationToken);
        return outcome switch
        {
            SubmitOutcome.Submitted => Reply.Say($"离校服务已提交（只能提交一次）。已提交的离校服务可在{school.Profile.Clearance.System ?? "学校离校系统"}中查看、打印。", Intent.Submit),
            SubmitOutcome.AlreadySubmitted => Reply.Say("你已提交过离校服务，离校服务只能提交一次，无需再次提交。", Intent.Submit),
            _ => Reply.Say("学校离校名单中找不到你的学号，请联系学院核对。", Intent.Submit, answered: false),
        };
    }

    private static string Contact(Knowledge.Schools.SchoolProfile profile) =>
        profile.Contact.Phone.Count > 0 ? $"（{profile.Contact.Office} {string.Join('/', profile.Contact.Phone)}）" : "";

    [GeneratedRegex(@"离校(的)?(进度|情况|状态)|办到哪|还差(哪|什么|几)|^(查|看|查询|查看)?(一下)?(我的)?(办理)?进度[?？]?$")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"^(提交离校|提交离校服务|申请离校提交|我要提交离校)$")]
    private static partial Regex SubmitPattern();

    [GeneratedRegex(@"[A-Za-z]{0,4}\d{6,}")]
    private static partial Regex OtherIdPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a {School} status request for another student's id")]
    private static partial void LogRefused(ILogger logger, string school);
}
