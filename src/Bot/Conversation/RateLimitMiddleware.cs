using System.ComponentModel.DataAnnotations;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Conversation;

public sealed class ConversationOptions
{
    public const string SectionName = "Conversation";

    /// <summary>Messages one user may send per minute before the bot asks them to slow down.</summary>
    [Range(1, 10_000)]
    public int MessagesPerMinute { get; set; } = 20;

    /// <summary>Longest message the bot reads, in characters; longer text is refused with an explanation.</summary>
    [Range(16, 100_000)]
    public int MaxTextLength { get; set; } = 500;
}

/// <summary>Per-user fixed-window limit, counted in the shared state so it holds across instances.</summary>
public sealed class RateLimitMiddleware(ISharedState sharedState, IOptions<ConversationOptions> options, TimeProvider time) : ITurnMiddleware
{
    public int Order => TurnOrder.RateLimit;

    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var count = await sharedState.IncrementAsync($"rate:{turn.Activity.ConversationKey}:{minute}", TimeSpan.FromMinutes(2), cancellationToken);
        if (count > options.Value.MessagesPerMinute)
            return Reply.Say("消息有点多，请稍等一分钟再问。", Intent.RateLimited, answered: false);
        return await next(turn, cancellationToken);
    }
}
