using System.Net.Http.Json;
using Clearance.Bot.Chat;
using Clearance.Bot.Tests.Reminders;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests;

/// <summary>The per-user message limit and the expiry of a conversation's topic, on a clock the test moves.</summary>
public sealed class ConversationLimitsTests : IDisposable
{
    // Five seconds into a minute, so the fixed one-minute window cannot roll over during a test.
    private readonly ShiftedClock _clock = new(new DateTimeOffset(2026, 6, 20, 2, 0, 5, TimeSpan.Zero));
    private readonly BotApplication _bot;
    private readonly HttpClient _client;

    public ConversationLimitsTests()
    {
        _bot = BotApplication.WithClock(_clock, new Dictionary<string, string?> { ["Conversation:MessagesPerMinute"] = "3" });
        _client = _bot.CreateClient();
    }

    public void Dispose() => _bot.Dispose();

    private async Task<ChatResponse> Say(string user, string text)
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { userId = user, school = "cqu", text });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ChatResponse>())!;
    }

    [Fact]
    public async Task AUserOverTheLimitIsAskedToWaitOthersAreNotAndTheNextMinuteIsFree()
    {
        for (var i = 0; i < 3; i++) Assert.True((await Say("busy", "退宿去哪里办")).Answered);

        var limited = await Say("busy", "退宿去哪里办");
        var other = await Say("calm", "退宿去哪里办");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var later = await Say("busy", "退宿去哪里办");

        Assert.Equal("rate-limited", limited.Intent);
        Assert.False(limited.Answered);
        Assert.True(other.Answered);
        Assert.True(later.Answered);
    }

    [Fact]
    public async Task AFollowUpResolvesWithinHalfAnHourOfTheTopicButNotAfter()
    {
        await Say("early", "退宿去哪里办");
        await Say("late", "退宿去哪里办");

        _clock.Advance(TimeSpan.FromMinutes(29));
        var early = await Say("early", "电话多少?");
        _clock.Advance(TimeSpan.FromMinutes(2));
        var late = await Say("late", "电话多少?");

        Assert.Contains("65111348", early.Reply);
        Assert.False(late.Answered);
        Assert.DoesNotContain("65111348", late.Reply);
    }
}
