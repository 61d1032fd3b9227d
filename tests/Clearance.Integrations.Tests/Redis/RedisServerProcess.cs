using System.Diagnostics;
using System.Net.Sockets;

namespace Clearance.Integrations.Tests.Redis;

/// <summary>A redis-server of the test's own on a given port, without persistence, killed on dispose (an outage).</summary>
public sealed class RedisServerProcess : IDisposable
{
    private readonly Process _process;

    private RedisServerProcess(Process process) => _process = process;

    public static RedisServerProcess Start(int port)
    {
        var process = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start (is it installed? apt-get install -y redis-server)");
        process.BeginOutputReadLine();
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect("127.0.0.1", port);
                return new RedisServerProcess(process);
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        process.Kill();
        throw new InvalidOperationException($"redis-server did not listen on port {port} within 10 s");
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
