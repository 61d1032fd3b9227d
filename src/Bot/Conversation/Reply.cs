namespace Clearance.Bot.Conversation;

/// <summary>
/// The bot's answer to one turn. <see cref="Text"/> is complete on its own (card and sources included) so a channel
/// that can only send text loses nothing; the structured parts let richer channels render more.
/// </summary>
public sealed record Reply
{
    public required string Text { get; init; }
    /// <summary>False when the bot does not know and offered a contact instead.</summary>
    public bool Answered { get; init; } = true;
    /// <summary>The dialog/intent that produced it: <c>knowledge</c>, <c>status</c>, <c>bind</c>, <c>help</c>, <c>fallback</c>…</summary>
    public Intent Intent { get; init; } = Intent.Knowledge;
    public IReadOnlyList<ReplySource> Sources { get; init; } = [];
    public WhereToGo? Card { get; init; }
    public IReadOnlyList<string> QuickReplies { get; init; } = [];

    public static Reply Say(string text, Intent intent, bool answered = true) =>
        new() { Text = text, Intent = intent, Answered = answered };
}

/// <summary>A guide an answer came from.</summary>
public sealed record ReplySource(string Id, string Title, string? Section);

/// <summary>The "where to go" card: office, place, phone, hours.</summary>
public sealed record WhereToGo(string? Office, string? Where, IReadOnlyList<string> Phone, string? Hours);
