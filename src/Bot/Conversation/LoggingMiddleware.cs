using System.Diagnostics;

namespace Clearance.Bot.Conversation;

/// <summary>
/// One line per turn at Debug: channel, school, intent, answered, elapsed; never the text or the user id. Debug because
/// at the shipped Information level a console line per turn cost most of the webhook's throughput (issue 14); an operator
/// who wants them sets <c>Logging:LogLevel:Clearance.Bot.Conversation.LoggingMiddleware</c> to <c>Debug</c>.
/// </summary>
public sealed partial class LoggingMiddleware(ILogger<LoggingMiddleware> logger) : ITurnMiddleware
{
    public int Order => TurnOrder.Logging;

    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        // The level check first: with the line off, a turn pays neither the clock nor the call.
        if (!logger.IsEnabled(LogLevel.Debug)) return await next(turn, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var reply = await next(turn, cancellationToken);
        LogTurn(logger, turn.Activity.Channel.Name, turn.Activity.School, turn.Activity.Kind, reply.Intent.Name, reply.Answered,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return reply;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Turn {Channel}/{School} {Kind} → {Intent} answered={Answered} in {ElapsedMs:0.0} ms")]
    private static partial void LogTurn(ILogger logger, string channel, string school, ActivityKind kind, string intent, bool answered, double elapsedMs);
}
