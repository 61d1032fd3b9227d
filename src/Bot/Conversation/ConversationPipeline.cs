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
        var turn = new TurnContext(activity, state);
        var reply = await Chain(0)(turn, cancellationToken);
        if (turn.Ended) await _states.ForgetAsync(activity.ConversationKey, cancellationToken);
        else await _states.SaveAsync(activity.ConversationKey, state, cancellationToken);
        return reply;
    }

    private TurnHandler Chain(int index) =>
        index == _middleware.Length
            ? _router.RouteAsync
            : (turn, ct) => _middleware[index].InvokeAsync(turn, Chain(index + 1), ct);
}
