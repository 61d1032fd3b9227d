using System.Diagnostics;
using System.Globalization;
using Clearance.Integrations.WeChat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clearance.Benchmarks;

/// <summary>
/// <c>load-peer [--seconds 10] [--warmup 10] [--warmup-requests 12000] [--rounds 2] [--connections 50,4] [--users 100000]</c>:
/// the shipped service (the Release build of src/Bot run by <c>dotnet</c> with its own appsettings.json, safe mode) and
/// the npm <c>wechat</c> 2.1.0 peer in benchmarks/peer-wechat (node, one process), each in its own process, driven by
/// the same client with the same safe-mode text messages in the same run. Runs alternate between the two (the order
/// flips every round) so both see the same machine noise; the load average is printed with each run. Prints the
/// service's req/s over the peer's at the highest connection count and its p99 over the peer's at the lowest.
/// </summary>
public static class PeerLoad
{
    private sealed record Target(string Name, string BaseUrl, string Path, Process Process);

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = LoadCommand.Option(args, "--seconds", 10);
        var warmupSeconds = LoadCommand.Option(args, "--warmup", 10);
        var warmupRequests = LoadCommand.Option(args, "--warmup-requests", 12_000);
        var rounds = LoadCommand.Option(args, "--rounds", 2);
        var users = LoadCommand.Option(args, "--users", 100_000);
        var connectionCounts = (LoadCommand.OptionText(args, "--connections") ?? "50,4").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();

        var root = RepositoryRoot();
        var botDll = LoadCommand.OptionText(args, "--bot") ?? Path.Combine(root, "src", "Bot", "bin", "Release", "net10.0", "Clearance.Bot.dll");
        var peerDir = Path.Combine(root, "benchmarks", "peer-wechat");
        if (!File.Exists(botDll))
            return Fail($"{botDll} is missing: dotnet build benchmarks/Clearance.Benchmarks -c Release");
        if (!Directory.Exists(Path.Combine(peerDir, "node_modules", "wechat")))
            return Fail($"the peer is not installed: (cd {peerDir} && npm ci)");

        var data = Directory.CreateTempSubdirectory("clearance-peer-load-").FullName;
        Console.Error.WriteLine("logs and data in " + data);

        // Answers longer than one message send the rest through the platform API: a local stand-in keeps that traffic
        // on this machine (the only setting, besides the account, port and data folder, that differs from what ships).
        var apiPort = LoadCommand.FreePort();
        var api = WebApplication.CreateSlimBuilder();
        api.WebHost.UseUrls($"http://127.0.0.1:{apiPort}");
        api.Logging.ClearProviders();
        await using var apiApp = api.Build();
        apiApp.Map("/cgi-bin/token", () => Results.Text("{\"access_token\":\"bench\",\"expires_in\":7200}", "application/json"));
        apiApp.Map("/cgi-bin/{**rest}", () => Results.Text("{\"errcode\":0,\"errmsg\":\"ok\"}", "application/json"));
        await apiApp.StartAsync();

        var botPort = LoadCommand.FreePort();
        var bot = Start("dotnet", $"\"{botDll}\"", Path.GetDirectoryName(botDll)!, Path.Combine(data, "bot.log"), new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{botPort}",
            ["Storage__Sqlite"] = Path.Combine(data, "clearance.db"),
            ["WeChat__ApiBaseUrl"] = $"http://127.0.0.1:{apiPort}",
            ["WeChat__Accounts__bench__School"] = "cqu",
            ["WeChat__Accounts__bench__AppId"] = WebhookLoad.AppId,
            ["WeChat__Accounts__bench__AppSecret"] = "secret",
            ["WeChat__Accounts__bench__Token"] = WebhookLoad.Token,
            ["WeChat__Accounts__bench__EncodingAESKey"] = WebhookLoad.AesKey,
        });
        var peerPort = LoadCommand.FreePort();
        var peer = Start("node", "server.js", peerDir, Path.Combine(data, "peer.log"), new() { ["PORT"] = peerPort.ToString(CultureInfo.InvariantCulture) });
        try
        {
            var targets = new[]
            {
                new Target("bot (Release, shipped appsettings)", $"http://127.0.0.1:{botPort}", "/wechat/mp/bench", bot),
                new Target("peer (npm wechat 2.1.0, Express 4)", $"http://127.0.0.1:{peerPort}", "/wechat", peer),
            };
            await WaitReady($"http://127.0.0.1:{botPort}/healthz", bot, TimeSpan.FromSeconds(180), anyAnswer: false);
            await WaitReady($"http://127.0.0.1:{peerPort}/", peer, TimeSpan.FromSeconds(30), anyAnswer: true);

            var most = connectionCounts.Max();
            var crypto = new WeChatMessageCrypto(WebhookLoad.Token, WebhookLoad.AesKey, WebhookLoad.AppId);
            var clients = targets.ToDictionary(t => t, t =>
                new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = most, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
                { BaseAddress = new Uri(t.BaseUrl), Timeout = TimeSpan.FromSeconds(30) });

            // Warm-up: tiered JIT for the service, and past Node's first 10,000 `new Buffer()` calls (deprecation
            // bookkeeping) for the peer; at least --warmup seconds and --warmup-requests requests each.
            foreach (var t in targets)
            {
                var done = 0;
                var clock = Stopwatch.StartNew();
                while (done < warmupRequests || clock.Elapsed.TotalSeconds < warmupSeconds)
                {
                    var r = await WebhookLoad.Drive(clients[t], most, TimeSpan.FromSeconds(2), (c, i) => WebhookLoad.MpRequest(crypto, users, i, path: t.Path), expectXml: true);
                    done += r.Requests;
                    if (r.Errors > 0) Console.Error.WriteLine($"warm-up {t.Name}: {r.Errors} errors of {r.Requests}");
                }
                Console.Error.WriteLine($"warm-up {t.Name}: {done} requests in {clock.Elapsed.TotalSeconds:0.0} s");
            }

            Console.WriteLine();
            Console.WriteLine($"machine: {LoadCommand.Machine()}; {seconds} s per run, {users} openids, safe-mode text messages, {rounds} round(s), order flips per round");
            Console.WriteLine("| round | target | connections | load avg (1 min) | requests | errors | req/s | p50 ms | p99 ms | server CPU % | client CPU % |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
            var results = new List<(int Round, Target Target, int Connections, WebhookLoad.RunResult Result)>();
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var connections in connectionCounts)
                {
                    foreach (var t in round % 2 == 1 ? targets : targets.Reverse())
                    {
                        var load = LoadAverage();
                        var cpuBefore = ProcessCpu(t.Process);
                        var clock = Stopwatch.StartNew();
                        var r = await WebhookLoad.Drive(clients[t], connections, TimeSpan.FromSeconds(seconds), (c, i) => WebhookLoad.MpRequest(crypto, users, i, path: t.Path), expectXml: true);
                        var serverCpu = (ProcessCpu(t.Process) - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds / Environment.ProcessorCount * 100;
                        results.Add((round, t, connections, r));
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"| {round} | {t.Name} | {connections} | {load} | {r.Requests} | {r.Errors} | {r.Requests / r.Seconds:0} | {WebhookLoad.Percentile(r.LatenciesMs, 0.50):0.00} | {WebhookLoad.Percentile(r.LatenciesMs, 0.99):0.00} | {serverCpu:0} | {r.CpuPercent:0} |"));
                    }
                }
            }

            Console.WriteLine();
            foreach (var connections in connectionCounts)
            {
                for (var round = 1; round <= rounds; round++)
                {
                    var b = results.Single(x => x.Round == round && x.Connections == connections && x.Target == targets[0]).Result;
                    var p = results.Single(x => x.Round == round && x.Connections == connections && x.Target == targets[1]).Result;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {round}, {connections} connections: bot/peer req/s = {b.Requests / b.Seconds / (p.Requests / p.Seconds):0.00}x, p99 = {WebhookLoad.Percentile(b.LatenciesMs, 0.99) / WebhookLoad.Percentile(p.LatenciesMs, 0.99):0.00}x"));
                }
            }
            Console.WriteLine($"bot log lines written: {File.ReadLines(Path.Combine(data, "bot.log")).Count()}");
            foreach (var c in clients.Values) c.Dispose();
            return 0;
        }
        finally
        {
            Stop(peer);
            Stop(bot);
            await apiApp.StopAsync();
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Clearance.Bot.sln"))) return dir.FullName;
        throw new InvalidOperationException("run the benchmark from the repository's build output (no Clearance.Bot.sln above " + AppContext.BaseDirectory + ")");
    }

    /// <summary>A server process whose output goes straight to a file (by the shell, as a service manager would take it), not through this process.</summary>
    private static Process Start(string program, string arguments, string directory, string logFile, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("/bin/sh", ["-c", $"exec {program} {arguments} > \"{logFile}\" 2>&1"]) { WorkingDirectory = directory, UseShellExecute = false };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start " + program);
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task WaitReady(string url, Process process, TimeSpan timeout, bool anyAnswer)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"{url}: the process exited with {process.ExitCode}; see its log");
            try
            {
                using var response = await http.GetAsync(url);
                // The peer has no health page: any answer means it listens, which is all that is asked of it.
                if (anyAnswer || response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"{url} ready after {clock.Elapsed.TotalSeconds:0.0} s");
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException(url + " not ready within " + timeout);
    }

    /// <summary>utime + stime of a Linux process, from /proc (the server's own CPU, apart from the client's).</summary>
    private static TimeSpan ProcessCpu(Process process)
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
