using System.Diagnostics;
using System.Globalization;
using Clearance.Integrations.WeChat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clearance.Benchmarks;

/// <summary>
/// <c>load-peer [--seconds 10] [--warmup 10] [--warmup-requests 12000] [--rounds 2] [--connections 50,4] [--users 100000]
/// [--variant-bot other/Clearance.Bot.dll] [--variant-env KEY=VALUE;KEY=VALUE]</c>:
/// the shipped service (the Release build of src/Bot run by <c>dotnet</c> with its own appsettings.json, safe mode) and
/// the npm <c>wechat</c> 2.1.0 peer in benchmarks/peer-wechat (node, one process), each in its own process, driven by
/// the same client with the same safe-mode text messages in the same run. Runs alternate between the two (the order
/// flips every round) so both see the same machine noise; the load average is printed with each run. Prints the
/// service's req/s over the peer's at the highest connection count and its p99 over the peer's at the lowest.
/// With <c>--variant-bot</c> (another build, e.g. the previous commit's in a worktree) and/or <c>--variant-env</c>
/// (settings added to the environment) a second service runs beside them in the same rotation: before/after in one run.
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
        var bot = StartBot(botDll, botPort, apiPort, data, "bot", []);
        var variantDll = LoadCommand.OptionText(args, "--variant-bot");
        var variantEnv = (LoadCommand.OptionText(args, "--variant-env") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        var hasVariant = variantDll is not null || variantEnv.Count > 0;
        var variantPort = LoadCommand.FreePort();
        var variant = hasVariant ? StartBot(variantDll ?? botDll, variantPort, apiPort, data, "variant", variantEnv) : null;
        var peerPort = LoadCommand.FreePort();
        var peer = Start("node", ["server.js"], peerDir, Path.Combine(data, "peer.log"), new() { ["PORT"] = peerPort.ToString(CultureInfo.InvariantCulture) });
        try
        {
            var targets = new List<Target> { new("bot (Release, shipped appsettings)", $"http://127.0.0.1:{botPort}", "/wechat/mp/bench", bot) };
            if (variant is not null)
                targets.Add(new($"variant ({(variantDll is null ? "" : variantDll + " ")}{string.Join(' ', variantEnv.Select(kv => kv.Key + "=" + kv.Value))})".Replace("( ", "(").Replace(" )", ")"),
                    $"http://127.0.0.1:{variantPort}", "/wechat/mp/bench", variant));
            var peerTarget = new Target("peer (npm wechat 2.1.0, Express 4)", $"http://127.0.0.1:{peerPort}", "/wechat", peer);
            targets.Add(peerTarget);
            await WaitReady($"http://127.0.0.1:{botPort}/healthz", bot, TimeSpan.FromSeconds(180), anyAnswer: false);
            if (variant is not null) await WaitReady($"http://127.0.0.1:{variantPort}/healthz", variant, TimeSpan.FromSeconds(180), anyAnswer: false);
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
            Console.WriteLine("| round | target | connections | load avg (1 min) | requests | errors | req/s | p50 ms | p99 ms | server CPU % | server CPU µs/request | client CPU % |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            var results = new List<(int Round, Target Target, int Connections, WebhookLoad.RunResult Result)>();
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var connections in connectionCounts)
                {
                    // The order rotates every round, so no target always runs first or right after another.
                    foreach (var t in targets.Skip((round - 1) % targets.Count).Concat(targets.Take((round - 1) % targets.Count)))
                    {
                        var load = LoadAverage();
                        var cpuBefore = ProcessCpu(t.Process);
                        var clock = Stopwatch.StartNew();
                        var r = await WebhookLoad.Drive(clients[t], connections, TimeSpan.FromSeconds(seconds), (c, i) => WebhookLoad.MpRequest(crypto, users, i, path: t.Path), expectXml: true);
                        var serverSeconds = (ProcessCpu(t.Process) - cpuBefore).TotalSeconds;
                        var serverCpu = serverSeconds / clock.Elapsed.TotalSeconds / Environment.ProcessorCount * 100;
                        // CPU per request is the figure the machine's noise moves least: other processes take wall time, not this process's CPU.
                        var serverMicros = serverSeconds * 1e6 / Math.Max(1, r.Requests);
                        results.Add((round, t, connections, r));
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"| {round} | {t.Name} | {connections} | {load} | {r.Requests} | {r.Errors} | {r.Requests / r.Seconds:0} | {WebhookLoad.Percentile(r.LatenciesMs, 0.50):0.00} | {WebhookLoad.Percentile(r.LatenciesMs, 0.99):0.00} | {serverCpu:0} | {serverMicros:0} | {r.CpuPercent:0} |"));
                    }
                }
            }

            Console.WriteLine();
            foreach (var connections in connectionCounts)
            {
                for (var round = 1; round <= rounds; round++)
                {
                    var p = results.Single(x => x.Round == round && x.Connections == connections && x.Target == peerTarget).Result;
                    foreach (var t in targets.Where(t => t != peerTarget))
                    {
                        var b = results.Single(x => x.Round == round && x.Connections == connections && x.Target == t).Result;
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"round {round}, {connections} connections, {t.Name} / peer: req/s {b.Requests / b.Seconds / (p.Requests / p.Seconds):0.00}x, p99 {WebhookLoad.Percentile(b.LatenciesMs, 0.99) / WebhookLoad.Percentile(p.LatenciesMs, 0.99):0.00}x"));
                    }
                }
            }
            foreach (var log in Directory.GetFiles(data, "*.log").Order())
                Console.WriteLine($"{Path.GetFileName(log)}: {File.ReadLines(log).Count()} lines");
            foreach (var c in clients.Values) c.Dispose();
            return 0;
        }
        finally
        {
            Stop(peer);
            Stop(bot);
            if (variant is not null) Stop(variant);
            await apiApp.StopAsync();
        }
    }

    /// <summary>The Release service with its shipped appsettings.json; only the account, port, data folder and API address are set.</summary>
    private static Process StartBot(string dll, int port, int apiPort, string data, string name, Dictionary<string, string> extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Storage__Sqlite"] = Path.Combine(data, name + ".db"),
            ["WeChat__ApiBaseUrl"] = $"http://127.0.0.1:{apiPort}",
            ["WeChat__Accounts__bench__School"] = "cqu",
            ["WeChat__Accounts__bench__AppId"] = WebhookLoad.AppId,
            ["WeChat__Accounts__bench__AppSecret"] = "secret",
            ["WeChat__Accounts__bench__Token"] = WebhookLoad.Token,
            ["WeChat__Accounts__bench__EncodingAESKey"] = WebhookLoad.AesKey,
        };
        foreach (var (key, value) in extra) environment[key] = value;
        return Start("dotnet", [dll], Path.GetDirectoryName(dll)!, Path.Combine(data, name + ".log"), environment);
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

    /// <summary>
    /// A server process whose output this process copies to a file, as a service manager would take it. (Not through
    /// <c>sh -c "exec … > file"</c>: the shell drops environment variables whose names have dots, such as
    /// <c>Logging__LogLevel__Clearance.Bot…</c>.)
    /// </summary>
    private static Process Start(string program, string[] arguments, string directory, string logFile, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + program);
        var log = new FileStream(logFile, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, 1 << 16, useAsync: true);
        var gate = new SemaphoreSlim(1);
        async Task Copy(Stream from)
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                await gate.WaitAsync();
                try
                {
                    await log.WriteAsync(buffer.AsMemory(0, read));
                    await log.FlushAsync();
                }
                finally
                {
                    gate.Release();
                }
            }
        }
        _ = Task.WhenAll(Copy(process.StandardOutput.BaseStream), Copy(process.StandardError.BaseStream)).ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        return process;
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
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
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
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer in time (a loaded machine).
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
