using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Clearance.Bot.Reminders;
using Clearance.Integrations.Records;
using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Mp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clearance.Benchmarks;

/// <summary>
/// <c>reminders [--deliveries 100000] [--rate 2000] [--baseline 20000] [--per-second] [--set Key=Value]…</c>: a day's reminders for N cqu graduates through
/// <c>remind run</c>'s path (plan into the SQLite delivery table, claim, compose, send, record) to a fake WeChat API in
/// a separate process, limited to <c>--rate</c> requests a wall-clock second (errcode 45011 beyond) and counting every
/// message a user would see, so a duplicate cannot hide. The baseline, in the same run against the same fake: the same
/// MP client and rate gate sending template messages with nothing else (no records, no composition).
/// <c>reminders fake-platform --port P --rate R</c> is that fake; the benchmark starts it itself.
/// </summary>
public static class ReminderLoad
{
    private const string School = "cqu";
    private const string Account = "bench";
    private static readonly DateOnly CardStopEve = new(2026, 7, 9);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["fake-platform", .. var platformArgs]) return await FakePlatform.RunAsync(platformArgs);

        var deliveries = LoadCommand.Option(args, "--deliveries", 100_000);
        var rate = LoadCommand.Option(args, "--rate", 2_000);
        var baselineCount = LoadCommand.Option(args, "--baseline", 20_000);
        var port = LoadCommand.FreePort();
        using var platform = StartPlatform(port, rate);
        var baseUrl = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        await WaitUntilUpAsync(http);

        var data = Directory.CreateTempSubdirectory("clearance-reminders-").FullName;
        await using var factory = LoadCommand.Service(data, b =>
        {
            b.UseSetting("Clearance:DemoData", "false");
            b.UseSetting("WeChat:ApiBaseUrl", baseUrl);
            b.UseSetting($"WeChat:Accounts:{Account}:School", School);
            b.UseSetting($"WeChat:Accounts:{Account}:AppId", "wxbench0000000002");
            b.UseSetting($"WeChat:Accounts:{Account}:AppSecret", "secret");
            b.UseSetting($"WeChat:Accounts:{Account}:Token", "benchtoken");
            b.UseSetting($"WeChat:Accounts:{Account}:TemplateIds:card-stop", "tpl-card-stop");
            // The platform's quota seconds and ours do not start at the same instant: stay 2 % under it.
            b.UseSetting("Reminders:MpMessagesPerSecond", (rate * 98 / 100).ToString(CultureInfo.InvariantCulture));
            b.UseSetting("Reminders:QuietHoursStart", "00:00");
            b.UseSetting("Reminders:QuietHoursEnd", "00:00");
            b.UseSetting("Reminders:Server", "false");
            foreach (var (key, value) in Settings(args)) b.UseSetting(key, value);
        });
        var services = factory.Services;
        var options = services.GetRequiredService<IOptions<ReminderOptions>>().Value;
        Console.WriteLine($"machine: {LoadCommand.Machine()}; fake API in a separate process at {rate}/s; gate {options.MpMessagesPerSecond}/s, " +
                          $"batch {options.BatchSize}, {options.ParallelBatches} batches at once, {options.SendConcurrency} in flight per batch");

        // Baseline: the bare sending path.
        var before = await StatsAsync(http);
        var baseline = await BaselineAsync(services, baselineCount, options.MpMessagesPerSecond);
        var afterBaseline = await StatsAsync(http);
        Console.WriteLine($"| baseline: MP client + rate gate only | {baselineCount} | — | {baseline.TotalSeconds:F1} s | " +
                          $"{baselineCount / baseline.TotalSeconds:F0}/s | {baselineCount / baseline.TotalSeconds / rate:P1} | " +
                          $"{afterBaseline.Refused - before.Refused} | {afterBaseline.Duplicates - before.Duplicates} |");

        var seed = Stopwatch.StartNew();
        var ids = Enumerable.Range(1, deliveries).Select(i => $"B{i:D6}").ToArray();
        await SeedAsync(services, ids);
        Console.Error.WriteLine($"seeded {deliveries} students and subscriptions in {seed.Elapsed.TotalSeconds:F1} s");

        var runner = services.GetRequiredService<ReminderRunner>();
        var plan = Stopwatch.StartNew();
        var planned = await runner.PlanAsync(School, CardStopEve, CancellationToken.None);
        var planSeconds = plan.Elapsed.TotalSeconds;
        if (planned.Planned != deliveries) throw new InvalidOperationException($"planned {planned.Planned}, expected {deliveries}");

        var send = Stopwatch.StartNew();
        var (report, _, _) = await runner.SendDayAsync(School, CardStopEve, CancellationToken.None);
        var sendSeconds = send.Elapsed.TotalSeconds;
        var after = await StatsAsync(http);
        var delivered = after.Delivered - afterBaseline.Delivered;
        Console.WriteLine($"| remind run: plan, then claim/compose/send/record | {deliveries} | {planSeconds:F1} s | {sendSeconds:F1} s | " +
                          $"{deliveries / sendSeconds:F0}/s | {deliveries / sendSeconds / rate:P1} | {after.Refused - afterBaseline.Refused} | " +
                          $"{after.Duplicates - afterBaseline.Duplicates} |");
        if (args.Contains("--per-second") && after.PerSecond is { } perSecond)
            Console.Error.WriteLine("accepted per second: " + string.Join(' ', perSecond.OrderBy(p => p.Key).Select(p => p.Value)));
        Console.WriteLine($"sent {report.Sent}, delivered {delivered}, send rate / baseline rate = " +
                          $"{deliveries / sendSeconds / (baselineCount / baseline.TotalSeconds):F3}");

        var ok = report.Sent == deliveries && delivered == deliveries && after.Duplicates == 0;
        if (!ok) Console.Error.WriteLine("FAILED: not every delivery arrived exactly once");
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file; the temp folder is the OS's to clean.
        }
        return ok ? 0 : 1;
    }

    private static async Task<TimeSpan> BaselineAsync(IServiceProvider services, int count, int perSecond)
    {
        var mp = services.GetRequiredService<IWeChatMpClient>();
        var gate = services.GetRequiredService<ProviderRateGate>();
        var clock = Stopwatch.StartNew();
        var next = -1;
        var workers = Enumerable.Range(0, 64).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < count)
            {
                await gate.WaitAsync("mp", perSecond, CancellationToken.None);
                var result = await mp.SendTemplateAsync(Account, new CgibinMessageTemplateSendRequest
                {
                    ToUser = $"baseline-{i}",
                    TemplateId = "tpl-card-stop",
                    ClientMsgId = $"baseline-{i}",
                    Data = new Dictionary<string, TemplateDataValue>(StringComparer.Ordinal) { ["thing1"] = new("校园卡停用提醒") },
                }, CancellationToken.None);
                if (!result.IsSuccess) throw new InvalidOperationException($"baseline send failed: {result.ErrCode} {result.ErrMsg}");
            }
        });
        await Task.WhenAll(workers);
        return clock.Elapsed;
    }

    private static async Task SeedAsync(IServiceProvider services, string[] ids)
    {
        var store = services.GetRequiredService<Clearance.Integrations.Records.RosterStore>();
        var created = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var chunk in ids.Chunk(5_000))
        {
            await store.AddStudentsAsync(chunk.Select(id => new Student
            {
                School = School, StudentId = id, Name = "学生" + id, Degree = "硕士", GraduationType = "正常毕业",
                HasLoan = false, OnCampus = true, IdLast6Hash = "not-used-here", CreatedAt = created, UpdatedAt = created,
            }), CancellationToken.None);
        }
        await using var db = services.GetRequiredService<RecordsDbContextFactory>().CreateDbContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = DateTimeOffset.UtcNow;
        foreach (var chunk in ids.Chunk(5_000))
        {
            db.ReminderSubscriptions.AddRange(chunk.Select(id => new ReminderSubscription
            {
                School = School, StudentId = id, Kind = ReminderKinds.All, Subscribed = true,
                Channel = "mp", Account = Account, UserId = "o-" + id, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    private static Process StartPlatform(int port, int rate)
    {
        var self = typeof(ReminderLoad).Assembly.Location;
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        // A profiler attached to the benchmark (dotnet-trace sets DOTNET_DiagnosticPorts) must not hold the fake at start.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DOTNET_Diagnostic", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        // Run as `dotnet Clearance.Benchmarks.dll …` or as the apphost itself.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet") start.ArgumentList.Add(self);
        foreach (var a in new[] { "reminders", "fake-platform", "--port", port.ToString(CultureInfo.InvariantCulture), "--rate", rate.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the fake platform");
    }

    private static async Task WaitUntilUpAsync(HttpClient http)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                await http.GetAsync("/stats");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException("the fake platform did not start");
    }

    private sealed record Stats(long Requests, long Delivered, long Refused, long Duplicates, Dictionary<long, int>? PerSecond = null);

    private static async Task<Stats> StatsAsync(HttpClient http) =>
        await http.GetFromJsonAsync<Stats>("/stats", JsonSerializerOptions.Web) ?? throw new InvalidOperationException("no stats");

    /// <summary><c>--set Key=Value</c> overrides a host setting (e.g. <c>Reminders:BatchSize=1000</c>).</summary>
    private static IEnumerable<(string Key, string Value)> Settings(string[] args)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--set" && args[i + 1].Split('=', 2) is [var key, var value]) yield return (key, value);
        }
    }

    /// <summary>
    /// The stand-in for api.weixin.qq.com: a token, and template messages limited per wall-clock second like the
    /// platform's quota, deduplicated by openid + client_msg_id (as WeChat does), counting what users would see.
    /// </summary>
    private static class FakePlatform
    {
        private static readonly ConcurrentDictionary<string, byte> SeenKeys = new(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, int> DeliveredTo = new(StringComparer.Ordinal);
        private static readonly Lock RateGate = new();
        private static readonly ConcurrentDictionary<long, int> PerSecond = new();
        private static long _second;
        private static int _inSecond;
        private static long _requests;
        private static long _delivered;
        private static long _refused;

        public static async Task<int> RunAsync(string[] args)
        {
            var port = LoadCommand.Option(args, "--port", 0);
            var rate = LoadCommand.Option(args, "--rate", 2_000);
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapGet("/cgi-bin/token", () => Results.Text("{\"access_token\":\"fake-mp-token\",\"expires_in\":7200}", "application/json"));
            // As a Delegate, not a RequestDelegate: the IResult it returns must be written.
            app.MapPost("/cgi-bin/message/template/send", (Delegate)((HttpContext http) => ReceiveAsync(http, rate)));
            app.MapGet("/stats", () => Results.Json(new Stats(
                Interlocked.Read(ref _requests), Interlocked.Read(ref _delivered), Interlocked.Read(ref _refused),
                DeliveredTo.Values.Count(v => v > 1), new Dictionary<long, int>(PerSecond))));
            await app.StartAsync();
            // The parent holds our stdin: when it ends (the benchmark finished or died), so do we.
            await Task.Run(() => Console.In.ReadToEnd());
            await app.StopAsync();
            return 0;
        }

        private static async Task<IResult> ReceiveAsync(HttpContext http, int rate)
        {
            Interlocked.Increment(ref _requests);
            if (!TakeRate(rate))
            {
                Interlocked.Increment(ref _refused);
                return Results.Text("{\"errcode\":45011,\"errmsg\":\"api minute-quota reach limit\"}", "application/json");
            }
            using var json = await JsonDocument.ParseAsync(http.Request.Body);
            var to = json.RootElement.GetProperty("touser").GetString()!;
            var key = json.RootElement.TryGetProperty("client_msg_id", out var id) ? id.GetString() : null;
            if (key is null || SeenKeys.TryAdd(to + "\u0001" + key, 0))
            {
                DeliveredTo.AddOrUpdate(to, 1, (_, n) => n + 1);
                Interlocked.Increment(ref _delivered);
            }
            return Results.Text("{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":1}", "application/json");
        }

        private static bool TakeRate(int rate)
        {
            var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            lock (RateGate)
            {
                if (second != _second)
                {
                    _second = second;
                    _inSecond = 0;
                }
                if (++_inSecond > rate) return false;
                PerSecond.AddOrUpdate(second, 1, (_, n) => n + 1);
                return true;
            }
        }
    }
}
