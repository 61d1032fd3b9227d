namespace Clearance.Bot.Conversation;

/// <summary>
/// One turn: load the user's state, run the middleware chain around the router in <see cref="ITurnMiddleware.Order"/>,
/// save the state (or delete it, when the conversation ended). Every channel (web chat, MP, WeCom, CLI) calls
/// <see cref="RunAsync"/>.
/// </summary>
public sealed class ConversationPipeline
{
    private readonly ITurnMiddleware[] _middleware;
    private readonly DialogRouter _router;
    private readonly ConversationStateStore _states;
    private readonly ChatMenu _menu;

    public ConversationPipeline(IEnumerable<ITurnMiddleware> middleware, DialogRouter router, ConversationStateStore states, ChatMenu menu)
    {
        _middleware = [.. middleware.OrderBy(m => m.Order)];
        var shared = _middleware.GroupBy(m => m.Order).FirstOrDefault(g => g.Count() > 1);
        if (shared is not null)
            throw new InvalidOperationException($"middleware {string.Join(" and ", shared.Select(m => m.GetType().Name))} share order {shared.Key}: give each its own place in TurnOrder");
        (_router, _states, _menu) = (router, states, menu);
    }

    /// <summary>The middleware in the order they run, outermost first.</summary>
    public IReadOnlyList<ITurnMiddleware> Middleware => _middleware;

    public async Task<Reply> RunAsync(Activity activity, CancellationToken cancellationToken)
    {
        // A menu item's name sent as text is that menu click, whichever channel it came from.
        activity = _menu.AsClick(activity);
        var state = await _states.LoadAsync(activity.ConversationKey, cancellationToken);
        // On the web the dialog in progress and its answers (a typed student id, a name) belong to the session, not
        // to the userId the client sends: the follow-up context stays with the userId, the rest with the session.
        var personal = activity.Channel == Channel.Web ? activity.PersonalKey : null;
        var hadPersonal = false;
        if (activity.Channel == Channel.Web)
        {
            var own = personal is null ? new ConversationState() : await _states.LoadAsync(personal, cancellationToken);
            state.ActiveDialog = own.ActiveDialog;
            state.Values = own.Values;
            hadPersonal = own.ActiveDialog is not null || own.Values.Count > 0;
        }
        var turn = new TurnContext(activity, state);
        var reply = await Chain(0)(turn, cancellationToken);
        if (turn.Ended)
        {
            await _states.ForgetAsync(activity.ConversationKey, cancellationToken);
            if (personal is not null) await _states.ForgetAsync(personal, cancellationToken);
        }
        else if (activity.Channel == Channel.Web)
        {
            // Most web turns are questions in no dialog: they write nothing under the session.
            var own = new ConversationState { ActiveDialog = state.ActiveDialog, Values = state.Values, UpdatedAt = state.UpdatedAt };
            if (personal is not null && (own.ActiveDialog is not null || own.Values.Count > 0)) await _states.SaveAsync(personal, own, cancellationToken);
            else if (personal is not null && hadPersonal) await _states.ForgetAsync(personal, cancellationToken);
            state.ActiveDialog = null;
            state.Values = new Dictionary<string, string>(StringComparer.Ordinal);
            await _states.SaveAsync(activity.ConversationKey, state, cancellationToken);
        }
        else await _states.SaveAsync(activity.ConversationKey, state, cancellationToken);
        return reply;
    }

    private TurnHandler Chain(int index) =>
        index == _middleware.Length
            ? _router.RouteAsync
            : (turn, ct) => _middleware[index].InvokeAsync(turn, Chain(index + 1), ct);
}
