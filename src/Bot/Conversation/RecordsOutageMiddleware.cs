using Clearance.Integrations.Records;

namespace Clearance.Bot.Conversation;

/// <summary>
/// A dialog that needs the records database while it is down (binding, subscribing, submitting) gets a reply that
/// says so instead of failing the turn: a failed turn is a 5xx on the webhook, which WeChat retries and then shows the
/// student as "该公众号暂时无法提供服务". Status lookups already answer their own "查询暂时不可用"; knowledge answers
/// need no database. Bugs still throw: only a database that does not answer is caught.
/// </summary>
public sealed partial class RecordsOutageMiddleware(ILogger<RecordsOutageMiddleware> logger) : ITurnMiddleware
{
    public const string Text = "系统暂时无法读取或保存你的记录，请稍后再试。办事指南类的问题（去哪办、带什么、电话）可以照常问我。";

    public int Order => TurnOrder.RecordsOutage;

    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        try
        {
            return await next(turn, cancellationToken);
        }
        catch (Exception e) when (RecordsOutage.Is(e) && !cancellationToken.IsCancellationRequested)
        {
            LogOutage(logger, turn.Activity.Channel.Name, turn.State.LastIntent, e.GetType().Name);
            return Reply.Say(Text, Intent.RecordsUnavailable, answered: false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel}: records database unreachable during a {Dialog} turn ({Exception}); told the user to try later")]
    private static partial void LogOutage(ILogger logger, string channel, string? dialog, string exception);
}
