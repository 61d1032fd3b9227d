using System.Diagnostics;
using Clearance.Integrations.Records;

namespace Clearance.Bot.Tests.Reminders;

/// <summary>
/// The "done when": <c>remind run</c> as a real process against the fake API, killed in the middle of sending,
/// then run again: the rest completes, nothing twice, nothing lost.
/// </summary>
public sealed class RemindRunProcessTests
{
    [Fact]
    public async Task KillingRemindRunMidwayAndRunningAgainCompletesWithoutDuplicates()
    {
        await using var host = await ReminderTestHost.StartAsync(new DateTimeOffset(2026, 6, 25, 2, 0, 0, TimeSpan.Zero));
        var ids = Enumerable.Range(1, 40).Select(i => $"K{i:D2}").ToArray();
        await host.AddStudentsAsync([.. ids.Select((id, i) => new TestStudent(id, Pending: i % 2 == 0 ? ["library"] : []))]);
        foreach (var id in ids) await host.SubscribeAsync(id);
        host.Api.StallAfter = 15;

        using (var first = StartRemindRun(host))
        {
            await host.Api.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(60));
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        var afterKill = await host.DeliveriesAsync();
        Assert.Equal(60, afterKill.Count);
        Assert.DoesNotContain(afterKill, d => d.Status == DeliveryStatus.Sent && d.MessageKey is null);
        Assert.True(host.Api.DeliveredTotal is > 15 and < 40, $"{host.Api.DeliveredTotal} delivered before the kill");

        host.Api.StallAfter = null;
        using var second = StartRemindRun(host);
        var output = await second.StandardOutput.ReadToEndAsync();
        await second.WaitForExitAsync();

        Assert.True(second.ExitCode == 0, output + await second.StandardError.ReadToEndAsync());
        Assert.Contains("planned 0", output);
        Assert.All(await host.DeliveriesAsync(), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Equal(40, host.Api.DeliveredTotal);
        Assert.All(ids, id => Assert.Equal(1, host.Api.DeliveredTo["o-" + id]));
    }

    private static Process StartRemindRun(ReminderTestHost host)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Clearance.Bot.dll"), "remind", "run", "--school", "cqu", "--date", "2026-06-25" })
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in ReminderTestHost.Settings(host.Api.BaseUrl))
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Storage__Sqlite"] = Path.Combine(host.DataDirectory, "clearance.db");
        start.Environment["Reminders__SendConcurrency"] = "4";
        // The child runs on the real clock, which may be night in Chongqing: no quiet hours for this run.
        start.Environment["Reminders__QuietHoursStart"] = "00:00";
        start.Environment["Reminders__QuietHoursEnd"] = "00:00";
        return Process.Start(start) ?? throw new InvalidOperationException("could not start remind run");
    }
}
