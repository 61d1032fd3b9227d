using System.Text;
using Clearance.Bot.Conversation;
using Clearance.Integrations.WeChat;
using Clearance.Knowledge;

namespace Clearance.Bot.Webhooks;

/// <summary>
/// What only the WeChat channels produce: follow (welcome), QR scans, media the bot cannot read, and the
/// HELP/CONTACT menu keys. Priority 1000 puts it after every feature dialog (STATUS and REMIND clicks belong to the
/// clearance and reminder dialogs, which claim them first) and before the knowledge catch-all, which would otherwise
/// try to answer an empty question. Unfollow never reaches a dialog (<see cref="UserLeftMiddleware"/>).
/// </summary>
public sealed class ChannelEventsDialog(KnowledgeBase knowledge) : IDialog
{
    public const string DialogName = "channel-events";

    public string Name => DialogName;

    public int Priority => 1000;

    public bool CanStart(TurnContext turn) => turn.Activity.Kind is not ActivityKind.Message;

    public Task<Reply> HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var reply = activity.Kind switch
        {
            ActivityKind.Subscribe => Reply.Say(Welcome(activity.School), Intent.Welcome),
            ActivityKind.Scan => Reply.Say(Welcome(activity.School), Intent.Welcome),
            ActivityKind.Unsupported => Reply.Say(
                "我目前只能读文字消息（开启了语音转文字的语音也可以）。请用文字描述你的问题，例如“退宿去哪里办”“学生证丢了怎么注销”。",
                Intent.Unsupported, answered: false),
            ActivityKind.MenuClick when activity.EventKey == MenuKeys.Contact => Reply.Say(Contact(activity.School), Intent.Contact),
            ActivityKind.MenuClick when activity.EventKey == MenuKeys.Help => Reply.Say(Help, Intent.Help),
            _ => Reply.Say("这个功能还在准备中。\n" + Help, Intent.Help, answered: false),
        };
        turn.State.LastIntent = reply.Intent.Name;
        return Task.FromResult(reply);
    }

    private const string Help =
        "我可以：\n" +
        "1. 问答：直接发送问题，如“退宿去哪里办”“校园卡怎么退”\n" +
        "2. 我的离校进度：发送“绑定”，用学号、姓名和身份证后六位绑定后查看各部门办理情况\n" +
        "3. 提醒设置：还款、校园卡到期、离校时间等提醒\n" +
        "发送“绑定”开始绑定。";

    private string Welcome(string school)
    {
        var name = knowledge.Current.School(school)?.Profile.Name;
        return $"欢迎关注{name}离校助手！\n" + Help;
    }

    private string Contact(string school)
    {
        var contact = knowledge.Current.School(school)?.Profile.Contact;
        if (contact is null) return "请联系学校离校手续办理窗口。";
        var text = new StringBuilder("离校手续咨询：");
        if (contact.Office is { Length: > 0 }) text.Append('\n').Append(contact.Office);
        if (contact.Phone.Count > 0) text.Append("\n电话：").Append(string.Join("、", contact.Phone));
        if (contact.Where is { Length: > 0 }) text.Append("\n地点：").Append(contact.Where);
        if (contact.Hours is { Length: > 0 }) text.Append("\n时间：").Append(contact.Hours);
        return text.ToString();
    }
}
