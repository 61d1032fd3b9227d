using System.Collections.Concurrent;
using Clearance.Bot.Conversation;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Webhooks;

/// <summary>Records the activities that reached the pipeline, so tests can count turns.</summary>
public sealed class Probe
{
    public ConcurrentQueue<Activity> Activities { get; } = new();

    public int CountFor(string userId) => Activities.Count(a => a.UserId == userId);

    public Activity? LastFor(string userId) => Activities.LastOrDefault(a => a.UserId == userId);
}

/// <summary>
/// Claims messages starting with "probe": records the turn and answers "probe#n". "probe slow" takes the budget plus
/// a second; "probe long" answers 3000 bytes;
/// "probe remember" leaves conversation state behind. Priority 0, ahead of every real dialog.
/// </summary>
public sealed class ProbeDialog(Probe probe) : IDialog
{
    public string Name => "probe";

    public int Priority => 0;

    public bool CanStart(TurnContext turn) => turn.Activity.Kind == ActivityKind.Message && turn.Text.StartsWith("probe", StringComparison.Ordinal);

    public async Task<Reply> HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        probe.Activities.Enqueue(turn.Activity);
        if (turn.Text.Contains("slow", StringComparison.Ordinal)) await Task.Delay(TimeSpan.FromMilliseconds(WebhookHost.BudgetMilliseconds + 1000), cancellationToken);
        if (turn.Text.Contains("long", StringComparison.Ordinal)) return Reply.Say(new string('退', 1000), "probe");
        // A turn that leaves nothing to remember stores no conversation; "remember" leaves something.
        if (turn.Text.Contains("remember", StringComparison.Ordinal)) turn.State.LastIntent = "probe";
        return Reply.Say($"probe#{probe.CountFor(turn.Activity.UserId)} {turn.Activity.VouchedStudentId}", "probe");
    }
}

/// <summary>Both webhook test classes share one host: on two cores, two hosts warming up at once blow the budget.</summary>
[CollectionDefinition(WebhookHost.Collection)]
public sealed class WebhookCollection : ICollectionFixture<WebhookHost>;

/// <summary>The real host with one MP account, one WeCom app, a 2 s reply budget and the fake API on 127.0.0.1.</summary>
public sealed class WebhookHost : IAsyncLifetime
{
    public const string Collection = "webhooks";
    /// <summary>Shorter than production's 4 s to keep the tests quick; long enough for a turn on a busy 2-core machine.</summary>
    public const int BudgetMilliseconds = 2000;

    public const string MpToken = "mptoken";
    public const string MpKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string MpAppId = "wxb11529c136998cb6";
    // WeCom app on the keys of the official vector W1/W2.
    public const string WorkToken = "QDG6eK";
    public const string WorkKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    public const string CorpId = "wx5823bf96d3bd56c7";

    private static readonly string BudgetText = BudgetMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public FakeWeChatApi Api { get; private set; } = null!;
    public Probe Probe { get; } = new();
    public BotApplication Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public WeChatSender MpSender { get; } = new(MpToken, MpKey, MpAppId);
    public WeChatSender WorkSender { get; } = new(WorkToken, WorkKey, CorpId);

    public async Task InitializeAsync()
    {
        Api = await FakeWeChatApi.StartAsync();
        Host = new BotApplication(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = Api.BaseUrl,
            ["WeChat:ReplyBudgetMilliseconds"] = BudgetText,
            ["WeChat:Accounts:test:School"] = "cqu",
            ["WeChat:Accounts:test:AppId"] = MpAppId,
            ["WeChat:Accounts:test:AppSecret"] = "appsecret",
            ["WeChat:Accounts:test:Token"] = MpToken,
            ["WeChat:Accounts:test:EncodingAESKey"] = MpKey,
            // Plaintext mode: no EncodingAESKey.
            ["WeChat:Accounts:plain:School"] = "cqu",
            ["WeChat:Accounts:plain:AppId"] = "wxplain",
            ["WeChat:Accounts:plain:Token"] = MpToken,
            ["WeChat:Accounts:plain:Mode"] = "plaintext",
            // The official URL-verification example's token.
            ["WeChat:Accounts:official:School"] = "cqu",
            ["WeChat:Accounts:official:AppId"] = "wx134c8103faa5a59e",
            ["WeChat:Accounts:official:Token"] = "AAAAA",
            ["WeChat:Accounts:official:Mode"] = "plaintext",
            ["WeCom:ApiBaseUrl"] = Api.BaseUrl,
            ["WeCom:ReplyBudgetMilliseconds"] = BudgetText,
            ["WeCom:UserIdRule"] = "^s(?<student>\\d+)$",
            ["WeCom:Apps:staff:School"] = "cqu",
            ["WeCom:Apps:staff:CorpId"] = CorpId,
            ["WeCom:Apps:staff:AgentId"] = "1000002",
            ["WeCom:Apps:staff:Secret"] = "corpsecret",
            ["WeCom:Apps:staff:Token"] = WorkToken,
            ["WeCom:Apps:staff:EncodingAESKey"] = WorkKey,
        }, s =>
        {
            s.AddSingleton(Probe);
            s.AddSingleton<IDialog, ProbeDialog>();
        });
        Client = Host.CreateClient();
        // Loading the guides and the segmenter takes seconds on first use; the budget is about turns, not cold start.
        // A first turn through the whole pipeline also opens the records database for the identity middleware.
        await Host.Services.GetRequiredService<ConversationPipeline>().RunAsync(new Activity
        {
            Channel = Channel.Mp, Account = "test", School = "cqu", UserId = "warm-up", Text = "退宿去哪里办", Timestamp = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Api.DisposeAsync();
    }

    /// <summary>Waits (bounded) for the fake API to receive what the test expects.</summary>
    public async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < until)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }
}
