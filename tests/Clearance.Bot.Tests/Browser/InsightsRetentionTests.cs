using Clearance.Bot.Conversation;
using Clearance.Bot.Feedback;
using Clearance.Bot.Tests.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Clearance.Integrations.Records;

namespace Clearance.Bot.Tests.Browser;

/// <summary>What students typed is kept for the staff console for <c>Feedback:RetentionDays</c>, not for good.</summary>
public sealed class InsightsRetentionTests
{
    [Fact]
    public async Task MissedQuestionsAndVotesOlderThanTheRetentionAreDeletedNewerOnesStay()
    {
        var clock = new ShiftedClock(new DateTimeOffset(2025, 6, 20, 2, 0, 0, TimeSpan.Zero));
        await using var host = BotApplication.WithClock(clock, new Dictionary<string, string?> { ["Feedback:RetentionDays"] = "30" });
        var pipeline = host.Services.GetRequiredService<ConversationPipeline>();
        var buffer = host.Services.GetRequiredService<QuestionInsightsBuffer>();
        var store = host.Services.GetRequiredService<StaffInsightsStore>();
        Task Ask(string user, string text) => pipeline.RunAsync(new Activity { Channel = Channel.Web, Account = "web", School = "cqu", UserId = user, Text = text }, default);

        await Ask("old-asker", "火星基地的签证怎么办");
        await Ask("old-voter", "退宿去哪里办");
        await Ask("old-voter", "有用");
        await buffer.FlushAsync(default);
        clock.Advance(TimeSpan.FromDays(31));
        await Ask("new-asker", "海底隧道的通行证怎么申请");
        await buffer.FlushAsync(default);

        Assert.Equal(2, (await store.QuestionsAsync("cqu", 100, default)).Count(q => q.Text.StartsWith("火星", StringComparison.Ordinal) || q.Text.StartsWith("海底", StringComparison.Ordinal)));
        Assert.NotEmpty(await store.VotesByGuideAsync("cqu", default));

        await buffer.PurgeExpiredAsync(default);

        var questions = await store.QuestionsAsync("cqu", 100, default);
        Assert.Contains(questions, q => q.Text.StartsWith("海底", StringComparison.Ordinal));
        Assert.DoesNotContain(questions, q => q.Text.StartsWith("火星", StringComparison.Ordinal));
        Assert.Empty(await store.VotesByGuideAsync("cqu", default));
    }
}
