namespace Clearance.Bot.Conversation;

/// <summary>What kind of inbound a channel delivered.</summary>
public enum ActivityKind
{
    Message,
    Subscribe,
    Unsubscribe,
    MenuClick,
    Scan,
    /// <summary>Image, video, location, link…: the bot explains what it can read.</summary>
    Unsupported,
}

/// <summary>One normalised inbound message; every channel adapter produces it.</summary>
public sealed record Activity
{
    public required Channel Channel { get; init; }
    /// <summary>The configured account or app name (<c>web</c> for the web page).</summary>
    public required string Account { get; init; }
    public required string School { get; init; }
    /// <summary>The channel's user id (openid, WeCom userid, web user id).</summary>
    public required string UserId { get; init; }
    public ActivityKind Kind { get; init; } = ActivityKind.Message;
    public string? Text { get; init; }
    /// <summary>Menu key for clicks, scene for QR scans.</summary>
    public string? EventKey { get; init; }
    public string? MessageId { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    /// <summary>A student id the channel already vouches for (WeCom userid mapped by rule); null elsewhere.</summary>
    public string? VouchedStudentId { get; init; }
    /// <summary>
    /// The web client's address (the forwarded one only behind a trusted proxy); null on the platforms, whose callers
    /// are the platform's servers. Binding counts web checks against it (<see cref="ClearanceStatus.BindingAttempts"/>).
    /// </summary>
    public string? ClientAddress { get; init; }

    /// <summary>
    /// The web page's server-issued session (<see cref="WebSessions.WebSessionStore"/>), never the client's
    /// <see cref="UserId"/>; null elsewhere, and on the web for a client that came without one.
    /// </summary>
    public string? WebSessionKey { get; init; }

    /// <summary>
    /// Key of this user's conversation — the knowledge follow-up context: a user in two channels has two
    /// conversations. On the web it is the client's word, so nothing personal may hang on it (<see cref="PersonalKey"/>).
    /// </summary>
    public string ConversationKey => $"{Channel}:{Account}:{UserId}";

    /// <summary>
    /// What personal records (binding, binding checks, dialog answers such as a typed student id) are filed under. On
    /// the platforms the openid or userid the platform signed, so the conversation key; on the web the server-issued
    /// session, so a second client repeating a <c>userId</c> reaches none of it; null on the web without a session,
    /// which then has nothing personal.
    /// </summary>
    public string? PersonalKey => Channel == Channel.Web
        ? WebSessionKey is { } session ? $"{Channel}:session:{session}" : null
        : ConversationKey;
}
