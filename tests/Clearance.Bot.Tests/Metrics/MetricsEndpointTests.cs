using System.Net;
using System.Net.Http.Json;
using Clearance.Bot.Tests.Reminders;

namespace Clearance.Bot.Tests.Metrics;

/// <summary>
/// Alone, after the parallel tests: the exporter listens to the bot's meter by name, so another host's questions in
/// the same process would be counted in this host's scrape and the exact counts below would depend on timing.
/// </summary>
[Collection(Sequential)]
public sealed class MetricsEndpointTests
{
    public const string Sequential = "metrics, alone";

    private const string OperatorKey = "metrics-operator-key-0001";
    private const string SchoolKey = "metrics-cqu-admin-key-0002";
    private static readonly DateTimeOffset WindowOpensMorning = new(2026, 6, 25, 2, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string?> Enabled() => new()
    {
        ["Metrics:Enabled"] = "true",
        ["Clearance:StaffKeys:10:Key"] = OperatorKey,
        ["Clearance:StaffKeys:10:School"] = "*",
        ["Clearance:StaffKeys:10:Office"] = "*",
        ["Clearance:StaffKeys:11:Key"] = SchoolKey,
        ["Clearance:StaffKeys:11:School"] = "cqu",
        ["Clearance:StaffKeys:11:Office"] = "*",
    };

    [Fact]
    public async Task AScrapeAfterAQuestionAndAReminderRunShowsTheirCounts()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning, Enabled());
        var client = host.Factory.CreateClient();
        (await client.PostAsJsonAsync("/api/chat", new { userId = "m1", school = "cqu", text = "退宿去哪里办" })).EnsureSuccessStatusCode();
        await host.AddStudentsAsync(new TestStudent("B", Degree: "博士"));
        await host.SubscribeAsync("B");
        Assert.StartsWith("exit 0", await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Api-Key", OperatorKey);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Matches("clearance_messages_total\\{[^}]*channel=\"web\"[^}]*school=\"cqu\"[^}]*\\} 1", text);
        Assert.Matches("clearance_answers_total\\{[^}]*outcome=\"answered\"", text);
        Assert.Contains("clearance_answer_duration_seconds_bucket", text);
        Assert.Matches("clearance_reminders_total\\{[^}]*status=\"planned\"[^}]*\\} 1", text);
        Assert.Matches("clearance_reminders_total\\{[^}]*status=\"sent\"[^}]*\\} 1", text);
    }

    [Fact]
    public async Task TheScrapeNeedsTheOperatorKey()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning, Enabled());
        var client = host.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
        using var school = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        school.Headers.Add("X-Api-Key", SchoolKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(school)).StatusCode);
    }

    [Fact]
    public async Task MetricsAreOffByDefault()
    {
        using var host = new BotApplication();

        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync("/metrics")).StatusCode);
    }
}

[CollectionDefinition(MetricsEndpointTests.Sequential, DisableParallelization = true)]
public sealed class MetricsSequentialCollection;
