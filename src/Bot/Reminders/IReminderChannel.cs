using Clearance.Integrations.Records;
using Clearance.Bot.Conversation;
using Clearance.Integrations.WeChat;
using Clearance.Knowledge.Schools;

namespace Clearance.Bot.Reminders;

/// <summary>What sending one composed reminder came to: the platform's answer, or why nothing was sent.</summary>
public readonly record struct ReminderSendResult(WeChatResult? Result, string? SkipReason)
{
    public static ReminderSendResult Sent(WeChatResult result) => new(result, null);

    public static ReminderSendResult Skipped(string reason) => new(null, reason);
}

/// <summary>
/// One channel's way of pushing a reminder (official account template message, WeCom text card): its message format,
/// its idempotency key on the platform, its provider rate. <see cref="ReminderSender"/> claims, composes, picks the
/// channel of the student's conversation and records the outcome; the channel only sends.
/// </summary>
public interface IReminderChannel
{
    Channel Channel { get; }

    /// <param name="key">The delivery's key: the platform must treat a re-send with it as the same message.</param>
    Task<ReminderSendResult> SendAsync(SchoolProfile profile, ReminderAddress address, ReminderMessage message, string key, CancellationToken cancellationToken);
}
