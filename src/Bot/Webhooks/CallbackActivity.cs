using Clearance.Bot.Conversation;
using Clearance.Integrations.WeChat;

namespace Clearance.Bot.Webhooks;

/// <summary>Turns a decrypted MP or WeCom callback into the pipeline's <see cref="Activity"/>.</summary>
public static class CallbackActivity
{
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    /// <summary>
    /// Null for callbacks that are not a conversation turn (VIEW clicks, location reports, delivery receipts such as
    /// TEMPLATESENDJOBFINISH, WeCom enter_agent…): they are acknowledged and nothing else happens.
    /// </summary>
    public static Activity? From(OpenedCallback opened, TimeProvider time, string? vouchedStudentId = null)
    {
        var callback = opened.Event;
        var (kind, text, key) = callback switch
        {
            TextMessageEvent t => (ActivityKind.Message, t.Content, null),
            // The platform's speech recognition makes a voice message a question like any other.
            VoiceMessageEvent { Recognition: { Length: > 0 } recognition } => (ActivityKind.Message, recognition, null),
            VoiceMessageEvent or ImageMessageEvent or VideoMessageEvent or LocationMessageEvent or LinkMessageEvent
                => (ActivityKind.Unsupported, null, null),
            SubscribePushEvent s => (ActivityKind.Subscribe, null, s.Scene),
            UnsubscribePushEvent => (ActivityKind.Unsubscribe, null, null),
            ClickPushEvent c => (ActivityKind.MenuClick, null, c.EventKey),
            ScanPushEvent s => (ActivityKind.Scan, null, s.EventKey),
            UnknownCallbackEvent { MsgType: not "event" } => (ActivityKind.Unsupported, null, null),
            _ => ((ActivityKind?)null, (string?)null, (string?)null),
        };
        if (kind is not { } activityKind) return null;
        return new Activity
        {
            Channel = Channel.Parse(opened.Channel),
            Account = opened.Account,
            School = opened.School,
            UserId = callback.FromUserName,
            Kind = activityKind,
            Text = text,
            EventKey = key,
            MessageId = callback.MsgId ?? callback.DedupeKey,
            // CreateTime is the sender's claim; anything outside the calendar would throw, so it falls back to our clock.
            Timestamp = callback.CreateTime is > 0 and < MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(callback.CreateTime) : time.GetUtcNow(),
            VouchedStudentId = vouchedStudentId,
        };
    }
}
