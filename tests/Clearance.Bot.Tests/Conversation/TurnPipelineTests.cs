using Clearance.Bot.Metrics;
using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Conversation;
using Clearance.Bot.Feedback;
using Clearance.Bot.Reminders;
using Clearance.Bot.Tests.Reminders;
using Clearance.Integrations.Records;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Conversation;

/// <summary>The turn pipeline's stated order, and the one owner of "the user left".</summary>
public sealed class TurnPipelineTests : IDisposable
{
    // Five seconds into a minute, so the fixed one-minute rate window cannot roll over during a test.
    private readonly ShiftedClock _clock = new(new DateTimeOffset(2026, 6, 20, 2, 0, 5, TimeSpan.Zero));
    private readonly BotApplication _bot;
    private readonly IServiceProvider _services;

    public TurnPipelineTests()
    {
        _bot = BotApplication.WithClock(_clock, new Dictionary<string, string?> { ["Conversation:MessagesPerMinute"] = "2" });
        _services = _bot.Services;
    }

    public void Dispose() => _bot.Dispose();

    private static Activity Mp(string user, string? text = null, ActivityKind kind = ActivityKind.Message) => new()
    {
        Channel = Channel.Mp, Account = "demo", School = "cqu", UserId = user, Text = text, Kind = kind, Timestamp = DateTimeOffset.UtcNow,
    };

    [Fact]
    public void MiddlewareRunInTheirStatedOrderNotTheirRegistrationOrder()
    {
        var pipeline = _services.GetRequiredService<ConversationPipeline>();

        Assert.Equal(
            // The start-up gate first: no turn reaches the others before the knowledge base and records are ready.
            [typeof(Clearance.Bot.Startup.StartupTurnGate), typeof(UserLeftMiddleware), typeof(RateLimitMiddleware), typeof(IdentityMiddleware), typeof(LoggingMiddleware),
             typeof(TurnMetricsMiddleware), typeof(ReminderChannelEvents), typeof(RecordsOutageMiddleware), typeof(QuestionInsightsMiddleware)],
            pipeline.Middleware.Select(m => m.GetType()));
    }

    [Fact]
    public async Task AUserWhoLeavesMidBindingIsForgottenEvenOverTheRateLimitAndNoDialogAnswers()
    {
        var pipeline = _services.GetRequiredService<ConversationPipeline>();
        var records = _services.GetRequiredService<BindingStore>();
        var state = _services.GetRequiredService<ISharedState>();
        await pipeline.RunAsync(Mp("leaver", "绑定"), CancellationToken.None);
        Assert.Equal(Intent.Bind, (await pipeline.RunAsync(Mp("leaver", "20260001"), CancellationToken.None)).Intent);
        Assert.Equal(Intent.RateLimited, (await pipeline.RunAsync(Mp("leaver", "张三"), CancellationToken.None)).Intent);
        Assert.NotNull(await state.GetAsync("conv:mp:demo:leaver"));
        // A binding from an earlier conversation on the same openid.
        await records.BindConversationAsync("mp:demo:leaver", "cqu", "20260001", CancellationToken.None);

        var left = await pipeline.RunAsync(Mp("leaver", kind: ActivityKind.Unsubscribe), CancellationToken.None);

        Assert.Equal(Intent.Forgotten, left.Intent);
        Assert.Equal("", left.Text);
        Assert.Null(await records.FindBindingAsync("mp:demo:leaver", CancellationToken.None));
        Assert.Null(await state.GetAsync("conv:mp:demo:leaver"));
    }

    [Theory]
    [InlineData("web")]
    [InlineData("mp")]
    [InlineData("work")]
    [InlineData("cli")]
    public void ChannelsKeepTheirWireNames(string name) => Assert.Equal(name, Channel.Parse(name).Name);

    [Fact]
    public void OnlyTheCommandLineIsNotAStudentsChannel()
    {
        Assert.True(Channel.Web.IsStudents && Channel.Mp.IsStudents && Channel.Work.IsStudents);
        Assert.False(Channel.Cli.IsStudents);
    }
}
