using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clearance.Bot.Conversation;
using Clearance.Bot.Startup;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Health;

/// <summary>
/// The host opens its port before the knowledge base, the demo roster and the warm-up are loaded (issue 14 item 4):
/// <c>/healthz</c> says Degraded meanwhile, and turns that arrive wait for the load instead of failing. A
/// <see cref="StartupHold"/> keeps the loading from starting until the test releases it.
/// </summary>
public sealed class StartupLoadingTests
{
    private static (BotApplication App, TaskCompletionSource Hold) HeldHost()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new BotApplication(
            new Dictionary<string, string?> { ["Clearance:DemoData"] = "true" },
            s => s.AddSingleton(new StartupHold { Released = hold.Task }));
        return (app, hold);
    }

    private static async Task<(HttpStatusCode Code, JsonElement Body)> HealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/healthz");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static string Status(JsonElement body, string check) => body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString()!;

    [Fact]
    public async Task HealthzIsDegradedWhileLoadingAndHealthyOnceLoaded()
    {
        var (app, hold) = HeldHost();
        using var _ = app;
        using var client = app.CreateClient();

        var (loadingCode, loading) = await HealthAsync(client);
        Assert.Equal(HttpStatusCode.OK, loadingCode);
        Assert.Equal("Degraded", loading.GetProperty("status").GetString());
        Assert.Equal("Degraded", Status(loading, "startup"));
        Assert.Equal("Degraded", Status(loading, "knowledge"));

        hold.SetResult();
        await app.Services.GetRequiredService<StartupReadiness>().WaitAsync(CancellationToken.None);

        var (readyCode, ready) = await HealthAsync(client);
        Assert.Equal(HttpStatusCode.OK, readyCode);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", Status(ready, "knowledge"));
        // Seeded in the background, before ready: the roster is there when the host says so.
        Assert.True(ready.GetProperty("checks").GetProperty("storage").GetProperty("data").GetProperty("students").GetInt32() > 0);
    }

    [Fact]
    public async Task AChatTurnDuringLoadingIsAnsweredOnceReady()
    {
        var (app, hold) = HeldHost();
        using var _ = app;
        using var client = app.CreateClient();

        var turn = client.PostAsJsonAsync("/api/chat", new { userId = "early", school = "cqu", text = "退宿去哪里办" });
        // A request behind it that is answered during loading: the turn is still waiting when that one is back.
        Assert.Equal("Degraded", (await HealthAsync(client)).Body.GetProperty("status").GetString());
        Assert.False(turn.IsCompleted);

        hold.SetResult();
        var response = await turn;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("answered").GetBoolean(), body.ToString());
    }

    [Fact]
    public async Task AChannelTurnDuringLoadingWaitsInThePipelineAndIsAnswered()
    {
        var (app, hold) = HeldHost();
        using var _ = app;
        using var client = app.CreateClient();
        var pipeline = app.Services.GetRequiredService<ConversationPipeline>();

        // The webhooks' path: past the HTTP gate, the turn itself waits (inside the runner's reply budget).
        var turn = pipeline.RunAsync(new Activity
        {
            Channel = Channel.Mp, Account = "demo", School = "cqu", UserId = "openid-early", Text = "退宿去哪里办", Timestamp = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
        await HealthAsync(client);
        Assert.False(turn.IsCompleted);

        hold.SetResult();
        var reply = await turn;

        Assert.True(reply.Answered, reply.Text);
        Assert.Equal(Intent.Knowledge, reply.Intent);
    }

    [Fact]
    public async Task ATurnThatGivesUpWhileLoadingIsCancelledNotAnswered()
    {
        var (app, hold) = HeldHost();
        using var _ = app;
        using var client = app.CreateClient();
        var pipeline = app.Services.GetRequiredService<ConversationPipeline>();
        using var budget = new CancellationTokenSource();

        var turn = pipeline.RunAsync(new Activity
        {
            Channel = Channel.Mp, Account = "demo", School = "cqu", UserId = "openid-gives-up", Text = "退宿去哪里办", Timestamp = DateTimeOffset.UtcNow,
        }, budget.Token);
        await budget.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => turn);
        hold.SetResult();
    }
}
