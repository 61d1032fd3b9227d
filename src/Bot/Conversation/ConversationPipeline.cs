namespace Clearance.Bot.Conversation;

/// <summary>
/// One turn: load the user's state, run the middleware chain around the router, save the state.
/// Every channel (web chat, MP, WeCom, CLI) calls <see cref="RunAsync"/>.
/// </summary>
public sealed class ConversationPipeline(
    IEnumerable<ITurnMiddleware> middleware,
    DialogRouter router,
    ConversationStateStore states,
    ChatMenu menu)
{
    private readonly ITurnMiddleware[] _middleware = [.. middleware];

    public async Task<Reply> RunAsync(Activity activity, CancellationToken cancellationToken)
    {
        // A menu item's name sent as text is that menu click, whichever channel it came from.
        activity = menu.AsClick(activity);
        var state = await states.LoadAsync(activity.ConversationKey, cancellationToken);
        var turn = new TurnContext(activity, state);
        var reply = await Chain(0)(turn, cancellationToken);
        if (reply.Intent != "forgotten")
            await states.SaveAsync(activity.ConversationKey, state, cancellationToken);
        return reply;
    }

    private TurnHandler Chain(int index) =>
        index == _middleware.Length
            ? router.RouteAsync
            : (turn, ct) => _middleware[index].InvokeAsync(turn, Chain(index + 1), ct);
}
