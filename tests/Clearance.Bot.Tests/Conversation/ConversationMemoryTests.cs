using Clearance.Bot.Conversation;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Conversation;

/// <summary>
/// Embedded mode's memory stays bounded whatever the number of user ids (issue 17 item 3): the store is capped,
/// a turn with nothing to remember stores nothing, and what is stored is short and unescaped.
/// </summary>
public sealed class ConversationMemoryTests : IDisposable
{
    private const int Cap = 5_000;
    private readonly BotApplication _bot = new(new Dictionary<string, string?> { ["SharedState:MaxEntries"] = Cap.ToString() });

    public void Dispose() => _bot.Dispose();

    private static Activity Web(string user, string text) => new()
    {
        Channel = Channel.Web, Account = "web", School = "cqu", UserId = user, Text = text, Timestamp = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task TwoHundredThousandNewIdsLeaveTheStoreWithinItsCapAndRecentConversationsIntact()
    {
        var pipeline = _bot.Services.GetRequiredService<ConversationPipeline>();
        var store = _bot.Services.GetRequiredService<InMemorySharedState>();
        Assert.Same(store, _bot.Services.GetRequiredService<ISharedState>());
        Assert.Equal(Cap, store.MaxEntries);
        // Answered questions (each leaves a topic to follow up) and questions the guides do not cover, alternating.
        string[] texts = ["退宿去哪里办", "今天天气怎么样"];
        var largest = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 200_000), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            await pipeline.RunAsync(Web($"flood-{i}", texts[i % 2]), ct);
            if (i % 1_000 == 0) InterlockedMax(ref largest, store.Count);
        });

        Assert.InRange(store.Count, 1, Cap);
        Assert.InRange(largest, 1, Cap);
        Assert.True(store.Evicted > 0, "the cap was never reached: the test did not test it");
        // The last user still has their topic: least recently used went first, not the newest.
        var follow = await pipeline.RunAsync(Web("flood-199998", "电话多少?"), CancellationToken.None);
        Assert.Contains("65111348", follow.Text);
    }

    [Fact]
    public async Task AQuestionTheGuidesDoNotCoverStoresNoConversation()
    {
        var pipeline = _bot.Services.GetRequiredService<ConversationPipeline>();
        var state = _bot.Services.GetRequiredService<ISharedState>();

        var reply = await pipeline.RunAsync(Web("one-off", "今天天气怎么样"), CancellationToken.None);

        Assert.False(reply.Answered);
        Assert.Null(await state.GetAsync("conv:web:web:one-off"));
    }

    [Fact]
    public async Task AStoredQuestionIsShortAndItsChineseUnescaped()
    {
        var states = _bot.Services.GetRequiredService<ConversationStateStore>();
        var state = _bot.Services.GetRequiredService<ISharedState>();
        var question = "退宿去哪里办" + string.Concat(Enumerable.Repeat("我想知道具体的流程和需要带的材料", 28));

        await states.SaveAsync("web:web:long", new ConversationState { LastGuideId = "cqu/dorm", LastQuestion = question, LastIntent = "knowledge" }, CancellationToken.None);

        var json = await state.GetAsync("conv:web:web:long");
        Assert.NotNull(json);
        Assert.Contains("退宿去哪里办", json);
        Assert.DoesNotContain("\\u", json);
        Assert.InRange(json.Length, 1, ConversationStateStore.MaxStoredQuestionLength + 200);
        var loaded = await states.LoadAsync("web:web:long", CancellationToken.None);
        Assert.Equal(question[..ConversationStateStore.MaxStoredQuestionLength], loaded.LastQuestion);
    }

    [Theory]
    [InlineData(119, 119)]
    [InlineData(120, 120)]
    [InlineData(200, 120)]
    public void AQuestionIsCutToTheStoredLength(int length, int kept) =>
        Assert.Equal(kept, ConversationStateStore.Shorten(new string('问', length))!.Length);

    [Fact]
    public void AnEmojiAcrossTheCutIsDroppedWholeNotHalved()
    {
        var question = new string('问', ConversationStateStore.MaxStoredQuestionLength - 1) + "😀😀";

        var kept = ConversationStateStore.Shorten(question)!;

        Assert.Equal(ConversationStateStore.MaxStoredQuestionLength - 1, kept.Length);
        Assert.False(char.IsHighSurrogate(kept[^1]));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
