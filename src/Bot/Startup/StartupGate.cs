using Clearance.Bot.Conversation;

namespace Clearance.Bot.Startup;

/// <summary>
/// Requests that arrive while the host is still loading wait for it instead of meeting an empty knowledge base or an
/// unseeded roster. <c>/healthz</c> and <c>/metrics</c> answer at once (that is how loading is seen), and the webhooks
/// pass: their turns wait in <see cref="StartupTurnGate"/>, inside the reply budget their runner keeps, so a turn
/// that outlasts it is acknowledged and answered by API as any slow turn is.
/// </summary>
public static class StartupGate
{
    public static IApplicationBuilder UseStartupGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var readiness = context.RequestServices.GetRequiredService<StartupReadiness>();
        if (readiness.IsLoading && !PassesThrough(context.Request.Path))
        {
            try
            {
                await readiness.WaitAsync(context.RequestAborted);
            }
            catch (Exception) when (readiness.Failure is not null)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
        }
        await next(context);
    });

    private static bool PassesThrough(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/wechat");
}

/// <summary>The turn's side of <see cref="StartupGate"/>: every channel's turn waits for loading, under its own cancellation.</summary>
public sealed class StartupTurnGate(StartupReadiness readiness) : ITurnMiddleware
{
    public int Order => TurnOrder.Startup;

    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        await readiness.WaitAsync(cancellationToken);
        return await next(turn, cancellationToken);
    }
}
