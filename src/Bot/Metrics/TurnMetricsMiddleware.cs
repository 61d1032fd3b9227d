using System.Diagnostics;
using Clearance.Bot.Conversation;

namespace Clearance.Bot.Metrics;

/// <summary>Counts each turn by channel, school and outcome and times it; just inside logging, so it sees the final intent.</summary>
public sealed class TurnMetricsMiddleware(BotMetrics metrics) : ITurnMiddleware
{
    public int Order => TurnOrder.Metrics;

    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var reply = await next(turn, cancellationToken);
        metrics.Turn(turn.Activity.Channel.Name, turn.Activity.School, reply.Intent.Name, reply.Answered, Stopwatch.GetElapsedTime(started));
        return reply;
    }
}
