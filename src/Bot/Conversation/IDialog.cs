namespace Clearance.Bot.Conversation;

/// <summary>
/// One conversation feature (knowledge QA, status, binding, subscriptions, help). The router gives a turn to the
/// dialog the user is in (<see cref="ConversationState.ActiveDialog"/>), else to the first dialog, by
/// <see cref="Priority"/>, whose <see cref="CanStart"/> claims it.
/// </summary>
public interface IDialog
{
    /// <summary>Stable name stored in <see cref="ConversationState.ActiveDialog"/>.</summary>
    string Name { get; }

    /// <summary>Lower runs first; the knowledge dialog is the catch-all at <see cref="int.MaxValue"/>.</summary>
    int Priority { get; }

    bool CanStart(TurnContext turn);

    Task<Reply> HandleAsync(TurnContext turn, CancellationToken cancellationToken);
}
