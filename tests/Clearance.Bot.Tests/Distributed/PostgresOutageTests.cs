using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// Issue 13 item 8: PostgreSQL stopped under traffic, in distributed mode (records in PostgreSQL, shared state in
/// Redis). The stop is real — the fault tests' own cluster (<c>.ci/faults-postgres</c>, port 5433 in CI) is stopped
/// in fast mode, which cuts the open connections, and started again — never the shared cluster the other tests use.
/// While it is down: knowledge answers keep coming (the guides are in memory), a bound student asking for their status
/// is told 查询暂时不可用, and the webhook never answers 5xx; when it is back, status and binding work again without
/// a restart of the instance.
/// </summary>
public sealed class PostgresOutageTests
{
    private const string Question = "退宿去哪里办";
    private const string Unavailable = "查询暂时不可用";

    [ServiceFact(Needs.Redis | Needs.StoppablePostgres)]
    public async Task KnowledgeKeepsAnsweringStatusSaysUnavailableAndEverythingRecoversWhenPostgresIsBack()
    {
        var database = new NpgsqlConnectionStringBuilder(TestServices.StoppablePostgres) { Database = "clearance_faults_" + Guid.NewGuid().ToString("N")[..12] }.ConnectionString;
        var mp = MpCallback.ForCqu();
        using var host = new BotApplication(new Dictionary<string, string?>(mp.Settings)
        {
            ["Redis:Configuration"] = TestServices.Redis,
            ["Redis:KeyPrefix"] = $"pg-outage-{Guid.NewGuid():N}:",
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = database,
            // The README's students (张三 20181234 …), seeded into the fresh database.
            ["Clearance:DemoData"] = "true",
            ["Reminders:Server"] = "false",
        });
        var client = host.CreateClient();
        var webhook = new Webhook(client, mp);
        var traffic = new Traffic(client, webhook);
        try
        {
            var bound = "o-pg-bound-" + Guid.NewGuid().ToString("N")[..8];
            await Poll.UntilAsync(async () => (await webhook.SayAsync("o-pg-seed-" + Guid.NewGuid().ToString("N")[..6], "绑定")).Status == HttpStatusCode.OK, "the host up");
            await BindAsync(webhook, bound, "20181234", "张三", "123456");
            var knowledge = (await webhook.SayAsync("o-pg-fresh-before", Question)).Text;
            Assert.False(string.IsNullOrEmpty(knowledge));
            var status = (await webhook.SayAsync(bound, "离校办到哪了")).Text;
            Assert.Contains("×", status);
            Assert.DoesNotContain(Unavailable, status);

            traffic.Start();
            await ControlAsync("stop");
            traffic.Phase = "down";

            // Down. A user never seen before (no cached binding) and the bound one both get the same knowledge answer.
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(knowledge, (await webhook.SayAsync($"o-pg-fresh-down-{i}", Question)).Text);
                Assert.Equal(knowledge, (await webhook.SayAsync(bound, Question)).Text);
                var chat = await ChatAsync(client, $"web-down-{i}", Question);
                Assert.True(chat.GetProperty("answered").GetBoolean(), chat.ToString());
                Assert.Contains(Unavailable, (await webhook.SayAsync(bound, "离校办到哪了")).Text);
            }
            // Binding needs the roster: it must fail politely, not with an error page.
            var binding = await webhook.SayAsync("o-pg-binds-down", "绑定");
            Assert.Equal(HttpStatusCode.OK, binding.Status);

            await ControlAsync("start");
            traffic.Phase = "back";

            // Back: the pool's cut connections are replaced by themselves; status is the student's again.
            await Poll.UntilAsync(async () => (await webhook.SayAsync(bound, "离校办到哪了")).Text is { } text && !text.Contains(Unavailable) && text.Contains('×'),
                "status answered from PostgreSQL again");
            await BindAsync(webhook, "o-pg-binds-after-" + Guid.NewGuid().ToString("N")[..6], "20181235", "李四", "234567");

            var seen = await traffic.StopAsync();
            Assert.True(seen.Count(r => r.Phase == "down") > 0, "no traffic ran while PostgreSQL was down");
            Assert.All(seen, r => Assert.True(r.Status == HttpStatusCode.OK, $"{r.Phase}: {r.What} answered {(int)r.Status}: {r.Text}"));
            Assert.All(seen.Where(r => r.What == "webhook"), r => Assert.Equal(knowledge, r.Text));
        }
        finally
        {
            await ControlAsync("start");
            await traffic.StopAsync();
            await TestServices.DropPostgresDatabaseAsync(database);
        }
    }

    private static async Task BindAsync(Webhook webhook, string openId, string studentId, string name, string idLast6)
    {
        Assert.Contains("学号", (await webhook.SayAsync(openId, "绑定")).Text);
        await webhook.SayAsync(openId, studentId);
        await webhook.SayAsync(openId, name);
        Assert.Contains("绑定成功", (await webhook.SayAsync(openId, idLast6)).Text);
    }

    private static async Task<JsonElement> ChatAsync(HttpClient client, string userId, string text)
    {
        var (status, body) = await SendAsync(client, Chat(userId, text));
        Assert.True(status == HttpStatusCode.OK, $"/api/chat answered {(int)status}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static HttpRequestMessage Chat(string userId, string text) =>
        new(HttpMethod.Post, "/api/chat") { Content = JsonContent.Create(new { userId, school = "cqu", text }) };

    /// <summary>
    /// The status and body; an exception the in-memory test server passes through (a failed request) counts as the 500
    /// Kestrel would have answered, so the assertions below can name it instead of stopping at it.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is not HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
        {
            return (HttpStatusCode.InternalServerError, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>Runs <c>.ci/faults-postgres stop|start</c> (or whatever the variable names) and waits for it.</summary>
    private static async Task ControlAsync(string action)
    {
        var start = new ProcessStartInfo(TestServices.StoppablePostgresControl, action)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run " + start.FileName);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{start.FileName} {action} exited {process.ExitCode}: {await output}{await error}");
    }

    /// <summary>One MP user's messages as WeChat sends them (safe mode), and the text of the passive reply.</summary>
    private sealed class Webhook(HttpClient client, MpCallback mp)
    {
        private long _msgId = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);

        public async Task<(HttpStatusCode Status, string? Text)> SayAsync(string openId, string text)
        {
            var request = mp.TextMessage(openId, text, Interlocked.Increment(ref _msgId), DateTimeOffset.UtcNow, Guid.NewGuid().ToString("N")[..10]);
            var (status, body) = await SendAsync(client, request);
            return (status, status == HttpStatusCode.OK ? mp.ReplyText(body) : body);
        }
    }

    private sealed record Seen(string Phase, string What, HttpStatusCode Status, string? Text);

    /// <summary>Knowledge questions from new users, back to back, on the webhook and the chat API, across the outage.</summary>
    private sealed class Traffic(HttpClient client, Webhook webhook)
    {
        private readonly ConcurrentQueue<Seen> _seen = new();
        private readonly CancellationTokenSource _stop = new();
        private Task? _running;

        public volatile string Phase = "up";

        public void Start() => _running = Task.Run(async () =>
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                var phase = Phase;
                var (status, text) = await webhook.SayAsync($"o-pg-traffic-{i}", Question);
                _seen.Enqueue(new Seen(phase, "webhook", status, text));
                var (chat, body) = await SendAsync(client, Chat($"web-traffic-{i}", Question));
                _seen.Enqueue(new Seen(phase, "chat", chat, body));
            }
        });

        public async Task<IReadOnlyList<Seen>> StopAsync()
        {
            await _stop.CancelAsync();
            if (_running is not null) await _running;
            return [.. _seen];
        }
    }
}
