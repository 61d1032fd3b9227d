using System.Diagnostics;
using Clearance.Bot.Conversation;

namespace Clearance.Bot.Metrics;

/// <summary>Counts each turn by channel, school and outcome and times it; registered next to logging, so it sees the final intent.</summary>
public sealed class TurnMetricsMiddleware(BotMetrics metrics) : ITurnMiddleware
{
    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var reply = await next(turn, cancellationToken);
        metrics.Turn(turn.Activity.Channel, turn.Activity.School, reply.Intent, reply.Answered, Stopwatch.GetElapsedTime(started));
        return reply;
    }
}
