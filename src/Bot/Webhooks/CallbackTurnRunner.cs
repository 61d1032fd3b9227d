using System.Globalization;
using Clearance.Bot.Conversation;
using Clearance.Integrations.SharedState;
using Clearance.Integrations.WeChat;

namespace Clearance.Bot.Webhooks;

/// <summary>The response to send: status, body and its media type.</summary>
public sealed record CallbackResponse(int StatusCode, string Body)
{
    public static CallbackResponse From(CallbackRefusal refusal) => new(refusal.Kind switch
    {
        CallbackRefusalKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        CallbackRefusalKind.Refused => StatusCodes.Status403Forbidden,
        CallbackRefusalKind.UnknownAccount => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status400BadRequest,
    }, refusal.Reason);

    public IResult ToResult() => StatusCode == StatusCodes.Status200OK && Body.Length == 0
        ? Results.Ok()
        : Results.Text(Body, Body.StartsWith('<') ? "application/xml; charset=utf-8" : "text/plain; charset=utf-8", null, StatusCode);
}

/// <summary>
/// The platform's delivery rules around one turn, for both channels:
/// <list type="bullet">
/// <item>replay: a nonce seen before is refused unless it carries the same message (a genuine retry);</item>
/// <item>retries: the first delivery runs the turn and stores the response; every retry gets that response, byte for byte;</item>
/// <item>the 5-second rule: a turn not done within the budget is acknowledged and its reply sent later through the API,
/// and retries then get the acknowledgement too, so the user never gets two answers.</item>
/// </list>
/// Everything lives in <see cref="ISharedState"/> so several instances behind one URL agree.
/// </summary>
public sealed partial class CallbackTurnRunner(
    ConversationPipeline pipeline,
    ISharedState sharedState,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<CallbackTurnRunner> logger)
{
    /// <summary>WeChat retries for about 15 s; minutes leave room for slow retries and clock skew.</summary>
    public static readonly TimeSpan ResponseLifetime = TimeSpan.FromMinutes(10);
    private const string Pending = "pending";
    private const string DonePrefix = "done:";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <param name="activity">Null when the callback is not a turn; it is acknowledged only.</param>
    public async Task<CallbackResponse> RunAsync(OpenedCallback callback, Activity? activity, CancellationToken requestAborted)
    {
        var turnKey = $"wx:turn:{callback.Channel}:{callback.Account}:{callback.Event.DedupeKey}";
        var nonceKey = $"wx:nonce:{callback.Channel}:{callback.Account}:{callback.Timestamp}:{callback.Nonce}";
        var ack = callback.Reply.Acknowledgement;
        // Kept for twice the window: a nonce older than that fails the timestamp check anyway.
        if (!await sharedState.TryAddAsync(nonceKey, turnKey, callback.ReplayWindow * 2, requestAborted)
            && await sharedState.GetAsync(nonceKey, requestAborted) is { } seenFor
            && seenFor != turnKey)
        {
            LogReplay(logger, callback.Channel, callback.Account);
            return new CallbackResponse(StatusCodes.Status403Forbidden, "replayed nonce");
        }

        if (activity is null) return new CallbackResponse(StatusCodes.Status200OK, ack);

        if (!await sharedState.TryAddAsync(turnKey, Pending, ResponseLifetime, requestAborted))
            return await AnswerRetryAsync(callback, turnKey, requestAborted);

        // The turn must outlive this request: WeChat drops the connection at 5 s and the answer then goes by API.
        // It starts inline: most turns (a cached answer, a menu key) finish without waiting on anything, and then need
        // neither a budget timer nor a hop to another thread — which measurably cost throughput under load. Only a
        // turn that really waits (a status lookup over HTTP, the model) gets the timer, for what is left of the budget.
        var started = time.GetTimestamp();
        var turn = pipeline.RunAsync(activity, lifetime.ApplicationStopping);
        var finishedInTime = turn.IsCompleted || await CompletesWithinAsync(turn, callback.ReplyBudget - time.GetElapsedTime(started), requestAborted);
        if (finishedInTime)
        {
            Reply? reply = null;
            try
            {
                reply = await turn;
            }
            finally
            {
                // A failed turn releases the message so the platform's retry can try again.
                if (reply is null) await sharedState.DeleteAsync(turnKey, CancellationToken.None);
            }
            var pieces = reply.Text.Length == 0 ? [] : WeChatText.SplitUtf8(reply.Text);
            var body = pieces.Count == 0 ? ack : callback.Reply.RenderText(pieces[0]);
            await sharedState.SetAsync(turnKey, DonePrefix + body, ResponseLifetime, CancellationToken.None);
            // A passive reply carries one message; the rest of a long answer follows through the API.
            if (pieces.Count > 1) _ = InBackgroundAsync(callback, () => SendLaterAsync(callback, pieces.Skip(1).ToList()));
            return new CallbackResponse(StatusCodes.Status200OK, body);
        }

        await sharedState.SetAsync(turnKey, DonePrefix + ack, ResponseLifetime, CancellationToken.None);
        LogOverBudget(logger, callback.Channel, callback.Account, callback.ReplyBudget.TotalMilliseconds);
        _ = InBackgroundAsync(callback, async () =>
        {
            var late = await turn;
            if (late.Text.Length > 0) await SendLaterAsync(callback, WeChatText.SplitUtf8(late.Text));
        });
        return new CallbackResponse(StatusCodes.Status200OK, ack);
    }

    /// <summary>Waits for the turn at most <paramref name="remaining"/>; the timer goes as soon as the turn is done.</summary>
    private async Task<bool> CompletesWithinAsync(Task<Reply> turn, TimeSpan remaining, CancellationToken requestAborted)
    {
        if (remaining <= TimeSpan.Zero) return false;
        using var budgetTimer = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        var budget = Task.Delay(remaining, time, budgetTimer.Token);
        var finished = await Task.WhenAny(turn, budget) == turn;
        await budgetTimer.CancelAsync();
        return finished;
    }

    /// <summary>A retry of a message being processed or processed already: wait for the first delivery's response.</summary>
    private async Task<CallbackResponse> AnswerRetryAsync(OpenedCallback callback, string turnKey, CancellationToken requestAborted)
    {
        var deadline = time.GetUtcNow() + callback.ReplyBudget;
        while (true)
        {
            var stored = await sharedState.GetAsync(turnKey, requestAborted);
            if (stored is not null && stored.StartsWith(DonePrefix, StringComparison.Ordinal))
            {
                LogRetryAnswered(logger, callback.Channel, callback.Account);
                return new CallbackResponse(StatusCodes.Status200OK, stored[DonePrefix.Length..]);
            }
            // Still running (or the first delivery failed): acknowledge; the first delivery answers by API if late.
            if (stored is null || time.GetUtcNow() >= deadline) return new CallbackResponse(StatusCodes.Status200OK, callback.Reply.Acknowledgement);
            await Task.Delay(PollInterval, time, requestAborted);
        }
    }

    private async Task InBackgroundAsync(OpenedCallback callback, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nobody awaits this task: a failure must at least be logged.
            LogLateTurnFailed(logger, e, callback.Channel, callback.Account);
        }
    }

    private async Task SendLaterAsync(OpenedCallback callback, IReadOnlyList<string> pieces)
    {
        foreach (var piece in pieces)
        {
            var result = await callback.Reply.SendTextLaterAsync(piece, lifetime.ApplicationStopping);
            if (!result.IsSuccess)
            {
                LogSendLaterRefused(logger, callback.Channel, callback.Account, result.ErrCode);
                return;
            }
            LogSentLater(logger, callback.Channel, callback.Account);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel}/{Account}: nonce replayed with another message; refused")]
    private static partial void LogReplay(ILogger logger, string channel, string account);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Channel}/{Account}: retry answered from the stored response")]
    private static partial void LogRetryAnswered(ILogger logger, string channel, string account);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel}/{Account}: turn exceeded {BudgetMs} ms; acknowledged, reply follows by API")]
    private static partial void LogOverBudget(ILogger logger, string channel, string account, double budgetMs);

    // Every long answer sends its rest by API: a line per piece at Debug; a refusal is what an operator must see.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Channel}/{Account}: reply sent by API")]
    private static partial void LogSentLater(ILogger logger, string channel, string account);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel}/{Account}: the platform refused the reply sent by API, errcode {ErrCode}; the rest of the answer is not sent")]
    private static partial void LogSendLaterRefused(ILogger logger, string channel, string account, int errCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Channel}/{Account}: reply after the response failed")]
    private static partial void LogLateTurnFailed(ILogger logger, Exception exception, string channel, string account);
}
