using System.Diagnostics;

namespace Clearance.Bot.Conversation;

/// <summary>Logs one line per turn: channel, school, intent, answered, elapsed. Never the text or the user id.</summary>
public sealed partial class LoggingMiddleware(ILogger<LoggingMiddleware> logger) : ITurnMiddleware
{
    public int Order => TurnOrder.Logging;

    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var reply = await next(turn, cancellationToken);
        LogTurn(logger, turn.Activity.Channel.Name, turn.Activity.School, turn.Activity.Kind, reply.Intent.Name, reply.Answered,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return reply;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {Channel}/{School} {Kind} → {Intent} answered={Answered} in {ElapsedMs:0.0} ms")]
    private static partial void LogTurn(ILogger logger, string channel, string school, ActivityKind kind, string intent, bool answered, double elapsedMs);
}
