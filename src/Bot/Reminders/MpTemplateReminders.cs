using Clearance.Integrations.Records;
using Clearance.Bot.Conversation;
using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Mp;
using Clearance.Knowledge.Schools;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Reminders;

/// <summary>Reminders on an official account: a template message per student, its data under the account's template keys.</summary>
public sealed class MpTemplateReminders(
    IWeChatMpClient mp, IOptions<WeChatOptions> wechatOptions, IOptions<ReminderOptions> options, ProviderRateGate rateGate) : IReminderChannel
{
    public Channel Channel => Channel.Mp;

    public async Task<ReminderSendResult> SendAsync(SchoolProfile profile, ReminderAddress address, ReminderMessage message, string key, CancellationToken cancellationToken)
    {
        var account = wechatOptions.Value.Find(address.Account);
        if (account is null) return ReminderSendResult.Skipped($"MP account '{address.Account}' is not configured");
        var templateId = TemplateFor(account, message.Kinds);
        if (templateId is null)
            return ReminderSendResult.Skipped($"no template id for {string.Join('+', message.Kinds)} in WeChat:Accounts:{address.Account}:TemplateIds");
        await rateGate.WaitAsync(Channel.Name, options.Value.MpMessagesPerSecond, cancellationToken);
        var request = new CgibinMessageTemplateSendRequest
        {
            ToUser = address.UserId,
            TemplateId = templateId,
            Url = options.Value.LinkUrl,
            // WeChat sends one message per openid and client_msg_id: a re-send after a crash is dropped, not delivered twice.
            ClientMsgId = key,
            Data = TemplateData(account.TemplateFields, message),
        };
        return ReminderSendResult.Sent(await mp.SendTemplateAsync(address.Account, request, cancellationToken));
    }

    /// <summary>The reminder's title, date and hint under the keys this account's templates use.</summary>
    internal static Dictionary<string, TemplateDataValue> TemplateData(TemplateFieldNames fields, ReminderMessage message)
    {
        var data = new Dictionary<string, TemplateDataValue>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(fields.Title)) data[fields.Title] = new(message.ShortTitle);
        if (!string.IsNullOrWhiteSpace(fields.Date))
            data[fields.Date] = new(message.EarliestEvent.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrWhiteSpace(fields.Hint)) data[fields.Hint] = new(message.ShortHint);
        return data;
    }

    /// <summary>One kind: its template. A digest: the <c>digest</c> template, else the first kind that has one.</summary>
    internal static string? TemplateFor(WeChatAccountOptions account, IReadOnlyList<string> kinds)
    {
        string? Lookup(string kind) => account.TemplateIds.TryGetValue(kind, out var id) && !string.IsNullOrWhiteSpace(id)
            ? id
            : account.TemplateIds.FirstOrDefault(p => string.Equals(p.Key, kind, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(p.Value)).Value;
        if (kinds.Count == 1) return Lookup(kinds[0]);
        return Lookup(ReminderKinds.DigestTemplate) ?? kinds.Select(Lookup).FirstOrDefault(id => id is not null);
    }
}
