using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Clearance.Integrations.WeChat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Benchmarks;

/// <summary>
/// <c>load [--seconds 10] [--warmup 10] [--connections 4,50] [--users 2000] [--redis 127.0.0.1:6379]</c>: the real host on Kestrel (127.0.0.1), driven over
/// HTTP by an in-process client. Per connection count it measures a bare <c>GET /hello</c> branch of the same host,
/// then safe-mode (AES) text questions to <c>POST /wechat/mp/bench</c> with a fresh nonce, MsgId and timestamp each and
/// users drawn from a pool, and prints throughput and p50/p99. Client and server share the machine's cores.
/// </summary>
public static class WebhookLoad
{
    // The factory finds the host by any type of its assembly; `Program` here would be this console's own.
    internal const string Token = "benchtoken";
    internal const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    internal const string AppId = "wxbench0000000001";

    private static readonly string[] Questions =
    [
        "退宿去哪里办", "学生证丢了怎么注销", "补卡多少钱", "图书馆还书在哪里", "校园卡怎么退", "助学贷款怎么还",
        "档案什么时候寄", "离校手续有哪些", "宿舍钥匙交给谁", "毕业证什么时候发", "欠费怎么交", "党组织关系怎么转",
    ];

    /// <summary>Embedded mode, then — with <c>--redis host:port</c> — the same runs with Redis shared state, in one process run.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        await RunModeAsync(args, redis: null);
        if (LoadCommand.OptionText(args, "--redis") is { } redis) await RunModeAsync(args, redis);
        return 0;
    }

    private static async Task RunModeAsync(string[] args, string? redis)
    {
        var seconds = LoadCommand.Option(args, "--seconds", 10);
        var users = LoadCommand.Option(args, "--users", 2000);
        var connectionCounts = (LoadCommand.OptionText(args, "--connections") ?? "4,50").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var port = LoadCommand.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var data = Directory.CreateTempSubdirectory("clearance-load-").FullName;

        await using var factory = LoadCommand.Service(data, b =>
        {
            // The benchmark takes a free port instead of the local default (:5080).
            b.UseSetting("Urls", baseUrl);
            // The load is many users, but each sends far more than a person would: lift the per-user limit.
            b.UseSetting("Conversation:MessagesPerMinute", "10000");
            // Long answers are split and the rest sent by API: keep that traffic on this machine.
            b.UseSetting("WeChat:ApiBaseUrl", baseUrl);
            b.UseSetting("WeChat:Accounts:bench:School", "cqu");
            b.UseSetting("WeChat:Accounts:bench:AppId", AppId);
            b.UseSetting("WeChat:Accounts:bench:AppSecret", "secret");
            b.UseSetting("WeChat:Accounts:bench:Token", Token);
            b.UseSetting("WeChat:Accounts:bench:EncodingAESKey", AesKey);
            if (redis is not null) b.UseSetting("Redis:Configuration", redis);
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, HelloFilter>());
        });
        factory.UseKestrel();
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
        Console.Error.WriteLine("listening on " + string.Join(", ", addresses ?? []));

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connectionCounts.Max(), PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        // The client encrypts and signs with the service's own WXBizMsgCrypt (tests check it against the official vectors).
        var crypto = new WeChatMessageCrypto(Token, AesKey, AppId);

        // Warm-up, every endpoint, at the highest connection count: the first questions pay for the segmenter
        // dictionary, and tiered JIT (tier 0 → instrumented → tier 1) needs CPU that a saturated 2-core machine hardly
        // gives it. With 3 s of warm-up on one endpoint the runs measured half-jitted code: the handler's CPU profile
        // showed [InstrumentedTier] frames, and the protocol cost 5× its BenchmarkDotNet figure.
        var warmup = TimeSpan.FromSeconds(LoadCommand.Option(args, "--warmup", 10));
        var most = connectionCounts.Max();
        await Drive(http, most, warmup, (c, i) => new HttpRequestMessage(HttpMethod.Get, "/hello"));
        await Drive(http, most, warmup, (c, i) => MpRequest(crypto, users, i));
        await Drive(http, most, warmup, (c, i) => ChatRequest(users, i));
        await Drive(http, most, warmup, (c, i) => MpRequest(crypto, users, i, click: true));

        Console.WriteLine();
        Console.WriteLine(redis is null ? "**embedded mode** (in-process shared state)" : $"**Redis mode** (shared state in redis-server at {redis})");
        Console.WriteLine($"machine: {LoadCommand.Machine()}; {seconds} s per run, {users} users");
        Console.WriteLine("| endpoint | connections | requests | errors | req/s | p50 ms | p99 ms | process CPU % |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var connections in connectionCounts)
        {
            await Drive(http, connections, TimeSpan.FromSeconds(1), (c, i) => new HttpRequestMessage(HttpMethod.Get, "/hello"));
            Print("GET /hello (bare)", connections, await Drive(http, connections, TimeSpan.FromSeconds(seconds), (c, i) => new HttpRequestMessage(HttpMethod.Get, "/hello")));
            Print("POST /wechat/mp (safe mode)", connections, await Drive(http, connections, TimeSpan.FromSeconds(seconds), (c, i) => MpRequest(crypto, users, i), expectXml: true));
            // Attribution: the same pipeline without the WeChat protocol, and the protocol with a turn that does no search.
            Print("POST /api/chat (same questions)", connections, await Drive(http, connections, TimeSpan.FromSeconds(seconds), (c, i) => ChatRequest(users, i)));
            Print("POST /wechat/mp menu click (no search)", connections, await Drive(http, connections, TimeSpan.FromSeconds(seconds), (c, i) => MpRequest(crypto, users, i, click: true), expectXml: true));
        }
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file; it is in the temp folder.
        }
    }

    // One sequence for the whole process, starting from the clock: MsgIds and nonces never repeat across the warm-up,
    // the runs and earlier invocations. (Each run used to count from 1, so every run after the warm-up re-sent the
    // warm-up's MsgIds, and the webhook answered most of them as platform retries from the stored reply.)
    private static long s_sequence = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 10_000_000;

    internal sealed record RunResult(int Requests, int Errors, double Seconds, double[] LatenciesMs, double CpuPercent);

    internal static async Task<RunResult> Drive(HttpClient http, int connections, TimeSpan duration, Func<int, long, HttpRequestMessage> build, bool expectXml = false)
    {
        var stop = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var errors = 0;
        var latencies = new List<double>[connections];
        var workers = Enumerable.Range(0, connections).Select(async c =>
        {
            var mine = latencies[c] = new List<double>(100_000);
            while (stop.Elapsed < duration)
            {
                using var request = build(c, Interlocked.Increment(ref s_sequence));
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK || expectXml && !body.StartsWith("<xml><Encrypt>", StringComparison.Ordinal))
                    Interlocked.Increment(ref errors);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var elapsed = stop.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / elapsed / Environment.ProcessorCount * 100;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new RunResult(all.Length, errors, elapsed, all, cpu);
    }

    internal static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static void Print(string endpoint, int connections, RunResult r)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {endpoint} | {connections} | {r.Requests} | {r.Errors} | {r.Requests / r.Seconds:0} | {Percentile(r.LatenciesMs, 0.50):0.00} | {Percentile(r.LatenciesMs, 0.99):0.00} | {r.CpuPercent:0} |"));
    }

    /// <summary>A safe-mode text message as WeChat sends it: fresh timestamp, nonce and MsgId; encrypted and signed.</summary>
    private static HttpRequestMessage ChatRequest(int users, long sequence)
    {
        var json = $"{{\"userId\":\"web-bench-{sequence % users}\",\"school\":\"cqu\",\"text\":\"{Questions[sequence % Questions.Length]}\"}}";
        return new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }

    internal static HttpRequestMessage MpRequest(WeChatMessageCrypto crypto, int users, long sequence, bool click = false, string path = "/wechat/mp/bench")
    {
        var openId = "o-bench-" + (sequence % users).ToString(CultureInfo.InvariantCulture);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        // Unique per request, as the platform means it: random nonces collide now and then at thousands a second, and
        // the replay defence rightly refuses a second message under a nonce it has seen.
        var nonce = (1_000_000_000 + sequence % 1_000_000_000).ToString(CultureInfo.InvariantCulture);
        var msgId = (8_000_000_000_000_000_000 + sequence).ToString(CultureInfo.InvariantCulture);
        var question = Questions[sequence % Questions.Length];
        var xml = click
            // Events dedupe on sender + time + key: a sequence in the key keeps them distinct (an unclaimed key gets the help text).
            ? $"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName><CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[HELP-{sequence}]]></EventKey></xml>"
            : $"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName><CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{question}]]></Content><MsgId>{msgId}</MsgId></xml>";
        var encrypt = crypto.Encrypt(xml);
        var body = $"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
        var url = $"{path}?signature={WeChatSignature.Compute(Token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}&openid={openId}&encrypt_type=aes&msg_signature={crypto.Sign(timestamp, nonce, encrypt)}";
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
    }

    /// <summary>The bare endpoint, plus a stand-in for the platform API so split answers stay local.</summary>
    private sealed class HelloFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/hello", a => a.Run(c => c.Response.WriteAsync("hello")));
            app.Map("/cgi-bin/token", a => a.Run(c => c.Response.WriteAsync("{\"access_token\":\"bench\",\"expires_in\":7200}")));
            app.Map("/cgi-bin", a => a.Run(c => c.Response.WriteAsync("{\"errcode\":0,\"errmsg\":\"ok\"}")));
            next(app);
        };
    }
}
