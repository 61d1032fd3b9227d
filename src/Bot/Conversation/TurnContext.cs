namespace Clearance.Bot.Conversation;

/// <summary>Everything a middleware or dialog knows about the current turn.</summary>
public sealed class TurnContext(Activity activity, ConversationState state)
{
    public Activity Activity { get; } = activity;
    public ConversationState State { get; } = state;
    /// <summary>The bound student, set by the identity middleware; null for an unbound user.</summary>
    public string? StudentId { get; set; }
    /// <summary>
    /// The records database did not answer the identity lookup: who the user is, is unknown this turn — not "unbound",
    /// so a personal dialog says the lookup is unavailable instead of asking a bound student to bind again.
    /// </summary>
    public bool IdentityUnavailable { get; set; }
    /// <summary>
    /// The knowledge base's answer when the knowledge dialog handled the turn, so middleware on the way out (staff
    /// insights) can judge it without asking again.
    /// </summary>
    public Clearance.Knowledge.Answers.Answer? KnowledgeAnswer { get; set; }
    /// <summary>The message text, trimmed; empty for events.</summary>
    public string Text => Activity.Text?.Trim() ?? "";

    /// <summary>True once the conversation ended (the user left): the pipeline deletes its state instead of saving it.</summary>
    public bool Ended { get; private set; }

    public void EndConversation() => Ended = true;
}

public delegate Task<Reply> TurnHandler(TurnContext turn, CancellationToken cancellationToken);

/// <summary>
/// A step around the router: code before <c>await next(...)</c> runs on the way in, code after it on the way out.
/// Registered in DI; they run by <see cref="Order"/> (<see cref="TurnOrder"/>), not by registration order.
/// </summary>
public interface ITurnMiddleware
{
    /// <summary>Lower is further out (<see cref="TurnOrder"/>); two middleware may not share one.</summary>
    int Order { get; }

    Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken);
}
