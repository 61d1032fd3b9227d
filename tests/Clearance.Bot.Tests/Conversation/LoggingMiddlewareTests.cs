using Microsoft.Extensions.Logging;
using Clearance.Bot.Conversation;

namespace Clearance.Bot.Tests.Conversation;

/// <summary>The per-turn line is Debug: at the shipped Information level a message costs no log line (issue 14).</summary>
public sealed class LoggingMiddlewareTests
{
    private static TurnContext Turn() => new(new Activity
    {
        Channel = Channel.Mp, Account = "demo", School = "cqu", UserId = "o-secret-openid", Text = "退宿去哪里办", Timestamp = DateTimeOffset.UtcNow,
    }, new ConversationState());

    private static readonly TurnHandler Answer = (_, _) => Task.FromResult(Reply.Say("答案", Intent.Knowledge));

    [Fact]
    public async Task AtTheShippedInformationLevelATurnWritesNoLineAndStillAnswers()
    {
        var logger = new CapturingLogger<LoggingMiddleware>(LogLevel.Information);

        var reply = await new LoggingMiddleware(logger).InvokeAsync(Turn(), Answer, CancellationToken.None);

        Assert.Equal("答案", reply.Text);
        Assert.Empty(logger.Lines);
    }

    [Fact]
    public async Task AtDebugATurnWritesOneLineWithItsIntentButNeverTheTextOrTheUser()
    {
        var logger = new CapturingLogger<LoggingMiddleware>(LogLevel.Debug);

        await new LoggingMiddleware(logger).InvokeAsync(Turn(), Answer, CancellationToken.None);

        var (level, line) = Assert.Single(logger.Lines);
        Assert.Equal(LogLevel.Debug, level);
        Assert.Contains("knowledge", line, StringComparison.Ordinal);
        Assert.DoesNotContain("o-secret-openid", line, StringComparison.Ordinal);
        Assert.DoesNotContain("退宿", line, StringComparison.Ordinal);
    }

    private sealed class CapturingLogger<T>(LogLevel minimum) : ILogger<T>
    {
        public List<(LogLevel Level, string Line)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) Lines.Add((logLevel, formatter(state, exception)));
        }
    }
}
