namespace Clearance.Bot.Conversation;

/// <summary>Hands a turn to the dialog the user is in, else to the first dialog that claims it.</summary>
public sealed class DialogRouter(IEnumerable<IDialog> dialogs)
{
    private readonly IDialog[] _dialogs = [.. dialogs.OrderBy(d => d.Priority)];

    public IReadOnlyList<IDialog> Dialogs => _dialogs;

    public Task<Reply> RouteAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var active = turn.State.ActiveDialog is { } name
            ? Array.Find(_dialogs, d => d.Name == name)
            : null;
        // A user in the middle of a dialog can still ask for something else that a higher-priority dialog claims
        // (e.g. "取消" or a menu click); the active dialog keeps the turn otherwise.
        var dialog = active is not null && !_dialogs.Any(d => d.Priority < active.Priority && d.CanStart(turn))
            ? active
            : Array.Find(_dialogs, d => d.CanStart(turn));
        if (dialog is null)
            throw new InvalidOperationException("No dialog claimed the turn; the knowledge dialog must be registered as the catch-all.");
        if (dialog != active) turn.State.ActiveDialog = null;
        return dialog.HandleAsync(turn, cancellationToken);
    }
}
