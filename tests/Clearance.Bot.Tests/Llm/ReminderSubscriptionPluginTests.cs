using Clearance.Bot.Conversation;
using Clearance.Bot.Llm;
using Clearance.Bot.Reminders;
using Clearance.Bot.Tests.Reminders;
using Clearance.Integrations.Records;
using Clearance.Knowledge.Answers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Clearance.Bot.Tests.Llm;

/// <summary>The reminder plugin without a model (its methods called directly), and once through the fake model's tool call.</summary>
public sealed class ReminderSubscriptionPluginTests
{
    private static readonly DateTimeOffset Morning = new(2026, 6, 25, 2, 0, 0, TimeSpan.Zero);
    private static readonly ReminderSubscriber StudentA = new("cqu", "A", new ReminderAddress("mp", "demo", "o-A"));

    private static ReminderSubscriptionPlugin PluginFor(ReminderTestHost host, ReminderSubscriber subscriber) =>
        new(host.Services.GetRequiredService<ReminderSubscriptions>(), ModelTurn.For(subscriber));

    [Fact]
    public async Task SubscribesUnsubscribesAndListsOnlyTheBoundStudentsOwnTopics()
    {
        await using var host = await ReminderTestHost.StartAsync(Morning);
        await host.AddStudentsAsync(new TestStudent("A"), new TestStudent("B"));
        var store = host.Services.GetRequiredService<ReminderStore>();
        var plugin = PluginFor(host, StudentA);

        var subscribed = await plugin.SubscribeAsync("还贷提醒", CancellationToken.None);
        Assert.Contains("已订阅还贷提醒", subscribed);
        Assert.Contains("✓ 还贷提醒", subscribed);
        Assert.Contains("× 校园卡提醒", subscribed);
        var set = await store.GetSubscriptionsAsync("cqu", "A", CancellationToken.None);
        Assert.Equal([ReminderKinds.LoanRepayment], ReminderKinds.Ordered.Where(set.Wants));
        // Pushes go to the conversation the student asked from.
        Assert.Equal(new ReminderAddress("mp", "demo", "o-A"), set.Address);
        // Nobody else's subscriptions change.
        Assert.False((await store.GetSubscriptionsAsync("cqu", "B", CancellationToken.None)).Any);

        // A topic's word picks it too, and "全部" means every topic.
        await plugin.SubscribeAsync("一卡通", CancellationToken.None);
        Assert.True((await store.GetSubscriptionsAsync("cqu", "A", CancellationToken.None)).Wants(ReminderKinds.CardStop));
        var settings = await plugin.GetMyReminderSettingsAsync(CancellationToken.None);
        Assert.Contains("✓ 还贷提醒", settings);
        Assert.Contains("✓ 校园卡提醒", settings);
        Assert.Contains("× 离校时间提醒", settings);

        var off = await plugin.UnsubscribeAsync("还贷提醒", CancellationToken.None);
        Assert.Contains("已退订还贷提醒", off);
        Assert.Contains("× 还贷提醒", off);
        Assert.False((await store.GetSubscriptionsAsync("cqu", "A", CancellationToken.None)).Wants(ReminderKinds.LoanRepayment));

        await plugin.UnsubscribeAsync("全部", CancellationToken.None);
        Assert.False((await store.GetSubscriptionsAsync("cqu", "A", CancellationToken.None)).Any);
    }

    [Fact]
    public async Task AnUnknownTopicIsRefusedWithTheTopicsThereAreAndNothingChanges()
    {
        await using var host = await ReminderTestHost.StartAsync(Morning);
        await host.AddStudentsAsync(new TestStudent("A"));
        var plugin = PluginFor(host, StudentA);

        var refusal = await plugin.SubscribeAsync("天气预报", CancellationToken.None);

        Assert.Contains("没有“天气预报”这类提醒", refusal);
        Assert.Contains("没有做任何更改", refusal);
        Assert.Contains("还贷提醒、校园卡提醒", refusal);
        Assert.Empty((await host.Services.GetRequiredService<ReminderStore>().GetSubscriptionsAsync("cqu", "A", CancellationToken.None)).Rows);
        Assert.Contains("没有“天气预报”这类提醒", await plugin.UnsubscribeAsync("天气预报", CancellationToken.None));
    }

    [Fact]
    public async Task FromTheWebPageItSaysRemindersCannotBePushedThereAndSubscribesNothing()
    {
        await using var host = await ReminderTestHost.StartAsync(Morning);
        await host.AddStudentsAsync(new TestStudent("A"));
        var plugin = PluginFor(host, StudentA with { Address = new ReminderAddress("web", "web", "u1") });

        var reply = await plugin.SubscribeAsync("全部", CancellationToken.None);

        Assert.Contains("网页版无法推送提醒", reply);
        Assert.Empty((await host.Services.GetRequiredService<ReminderStore>().GetSubscriptionsAsync("cqu", "A", CancellationToken.None)).Rows);
    }

    [Fact]
    public async Task NoFunctionTakesAStudentOrUserIdSoTheModelCannotActForSomeoneElse()
    {
        await using var host = await ReminderTestHost.StartAsync(Morning);
        var plugin = KernelPluginFactory.CreateFromObject(PluginFor(host, StudentA), ReminderSubscriptionPlugin.PluginName);

        Assert.Equal(["GetMyReminderSettings", "Subscribe", "Unsubscribe"], plugin.Select(f => f.Name).Order(StringComparer.Ordinal));
        foreach (var function in plugin)
            Assert.All(function.Metadata.Parameters, p => Assert.Equal("topic", p.Name));
    }

    private const string LoanQuestion = "有助学贷款离校要办什么？到时候记得提醒我还贷";

    private static async Task<(FakeChatModel Model, ReminderTestHost Host)> BoundStudentWithModelAsync()
    {
        var model = await FakeChatModel.StartAsync();
        var host = await ReminderTestHost.StartAsync(Morning, new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = model.Endpoint.ToString(),
            ["Llm:Model"] = "fake-model",
        });
        await host.AddStudentsAsync(new TestStudent("A", Loan: true), new TestStudent("B", Loan: true));
        await host.Services.GetRequiredService<BindingStore>().BindConversationAsync("mp:demo:o-A", "cqu", "A", CancellationToken.None);
        return (model, host);
    }

    private static Task<Reply> AskFromMp(ReminderTestHost host, string text) =>
        host.Services.GetRequiredService<ConversationPipeline>().RunAsync(new Activity
        {
            Channel = Channel.Mp,
            Account = "demo",
            School = "cqu",
            UserId = "o-A",
            Text = text,
            Timestamp = Morning,
        }, CancellationToken.None);

    [Fact]
    public async Task AModelToolCallSubscribesTheAskingStudentAndTheReplySaysSo()
    {
        var (model, host) = await BoundStudentWithModelAsync();
        await using var _ = model;
        await using var __ = host;
        const string modelText = "已为你订阅还贷提醒。有贷款的同学离校前要完善学生贷款相关手续，已完成答辩的同学可先行签订助学贷款还款协议[1]。";
        model.Behaviour = FakeChatModel.CallsThenAnswers("ReminderSubscription-Subscribe", """{"topic":"还贷提醒"}""", modelText);

        var reply = await AskFromMp(host, LoanQuestion);

        var requests = model.Requests.ToList();
        Assert.Equal(2, requests.Count);
        var tools = requests[0].Json.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).ToList();
        Assert.Contains("ReminderSubscription-Subscribe", tools);
        Assert.Contains("ClearanceStatus-GetMyClearanceStatus", tools);
        Assert.Contains("✓ 还贷提醒", requests[1].Messages.Single(m => m.Role == "tool").Content);
        Assert.StartsWith(modelText, reply.Text);
        Assert.Equal("cqu/student-loan", reply.Sources[0].Id);

        var store = host.Services.GetRequiredService<ReminderStore>();
        var set = await store.GetSubscriptionsAsync("cqu", "A", CancellationToken.None);
        Assert.Equal([ReminderKinds.LoanRepayment], ReminderKinds.Ordered.Where(set.Wants));
        Assert.Equal(new ReminderAddress("mp", "demo", "o-A"), set.Address);
        Assert.Empty((await store.GetSubscriptionsAsync("cqu", "B", CancellationToken.None)).Rows);
    }

    [Fact]
    public async Task WhenTheModelsTextIsDiscardedAfterItSubscribedTheExtractiveAnswerSaysWhatChanged()
    {
        var (model, host) = await BoundStudentWithModelAsync();
        await using var _ = model;
        await using var __ = host;
        // Subscribes, then answers without citing anything: the text goes, the subscription stays.
        model.Behaviour = FakeChatModel.CallsThenAnswers("ReminderSubscription-Subscribe", """{"topic":"还贷"}""", "好的，会提醒你。");
        var extractive = host.Services.GetRequiredService<AnswerService>().Ask("cqu", LoanQuestion).Text;

        var reply = await AskFromMp(host, LoanQuestion);

        Assert.Equal("已订阅还贷提醒。\n" + extractive, reply.Text);
        Assert.DoesNotContain("会提醒你", reply.Text);
        Assert.True((await host.Services.GetRequiredService<ReminderStore>().GetSubscriptionsAsync("cqu", "A", CancellationToken.None))
            .Wants(ReminderKinds.LoanRepayment));
    }
}
