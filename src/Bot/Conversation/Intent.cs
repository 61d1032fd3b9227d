namespace Clearance.Bot.Conversation;

/// <summary>
/// What a reply was (the <c>intent</c> of <c>/api/chat</c>, the turn log, the insights). <see cref="Name"/> is the wire
/// string. The well-known intents are members; a dialog may still name one of its own by its wire string (the
/// conversion is implicit for that), as long as the name is stable — clients and dashboards match on it.
/// </summary>
public readonly record struct Intent(string Name)
{
    /// <summary>An answer from the guides.</summary>
    public static Intent Knowledge { get; } = new("knowledge");
    /// <summary>The guides do not cover it; a contact is offered.</summary>
    public static Intent Fallback { get; } = new("fallback");
    /// <summary>A greeting, thanks or "你是谁": the bot says what it can do (not an answer).</summary>
    public static Intent Smalltalk { get; } = new("smalltalk");
    /// <summary>A question about another university: declined with this school's contact.</summary>
    public static Intent OtherSchool { get; } = new("other-school");
    public static Intent Status { get; } = new("status");
    public static Intent StatusRefused { get; } = new("status-refused");
    public static Intent StatusUnavailable { get; } = new("status-unavailable");
    public static Intent Submit { get; } = new("submit");
    public static Intent Bind { get; } = new("bind");
    /// <summary>A personal dialog asked for a binding first.</summary>
    public static Intent BindRequired { get; } = new("bind-required");
    public static Intent RemindSettings { get; } = new("remind-settings");
    public static Intent RemindSubscribe { get; } = new("remind-subscribe");
    public static Intent RemindUnsubscribe { get; } = new("remind-unsubscribe");
    public static Intent RemindUnsupported { get; } = new("remind-unsupported");
    public static Intent Welcome { get; } = new("welcome");
    public static Intent Help { get; } = new("help");
    public static Intent Contact { get; } = new("contact");
    /// <summary>Media the bot cannot read.</summary>
    public static Intent Unsupported { get; } = new("unsupported");
    public static Intent RateLimited { get; } = new("rate-limited");
    /// <summary>A dialog needed the records database and it did not answer (<see cref="RecordsOutageMiddleware"/>).</summary>
    public static Intent RecordsUnavailable { get; } = new("records-unavailable");
    /// <summary>The user left (unfollow): nothing is said, nothing of theirs is kept (<see cref="UserLeftMiddleware"/>).</summary>
    public static Intent Forgotten { get; } = new("forgotten");

    public static implicit operator Intent(string name) => new(name);

    public override string ToString() => Name;
}
