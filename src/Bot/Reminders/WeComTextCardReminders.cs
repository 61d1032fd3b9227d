using Clearance.Integrations.Records;
using Clearance.Bot.Conversation;
using Clearance.Integrations.WeChat.Work;
using Clearance.Knowledge.Schools;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Reminders;

/// <summary>Reminders in a WeCom app: a text card per student, linking to the school's clearance system.</summary>
public sealed class WeComTextCardReminders(IWeComClient wecom, IOptions<ReminderOptions> options, ProviderRateGate rateGate) : IReminderChannel
{
    public Channel Channel => Channel.Work;

    public async Task<ReminderSendResult> SendAsync(SchoolProfile profile, ReminderAddress address, ReminderMessage message, string key, CancellationToken cancellationToken)
    {
        await rateGate.WaitAsync(Channel.Name, options.Value.WeComMessagesPerSecond, cancellationToken);
        var link = options.Value.LinkUrl ?? LinkOf(profile.Clearance.System) ?? "https://work.weixin.qq.com";
        var card = new WorkTextCard(ReminderMessage.Cut(message.Title, 60), ReminderMessage.FitBytes(message.Text, 512), link, "详情");
        var request = new CgibinMessageSendRequest
        {
            ToUser = address.UserId,
            MsgType = "textcard",
            TextCard = card,
            // The same card again within the interval is dropped by WeCom: the re-send of an abandoned delivery is safe.
            EnableDuplicateCheck = 1,
            DuplicateCheckInterval = options.Value.WeComDedupeWindowSeconds,
        };
        return ReminderSendResult.Sent(await wecom.SendAsync(address.Account, request, cancellationToken));
    }

    /// <summary>The first web address in the school's description of its clearance system, if it names one.</summary>
    internal static string? LinkOf(string? text)
    {
        if (text is null) return null;
        var start = text.IndexOf("http", StringComparison.OrdinalIgnoreCase);
        if (start < 0) return null;
        var end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('）' or ')' or '，' or '。' or '、')) end++;
        return Uri.TryCreate(text[start..end], UriKind.Absolute, out var uri) ? uri.ToString() : null;
    }
}
