namespace Clearance.Bot.Tests.Reminders;

public sealed class RemindPreviewTests
{
    private static readonly DateTimeOffset WindowOpensMorning = new(2026, 6, 25, 2, 0, 0, TimeSpan.Zero);
    // 00:30 in Shanghai on the day the window opens: inside the 22:00–08:00 quiet hours.
    private static readonly DateTimeOffset WindowOpensNight = new(2026, 6, 24, 16, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task PreviewSaysWhoWouldGetWhatAndWhoWouldNotAndSendsNothing()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning);
        await host.AddStudentsAsync(new TestStudent("B", Degree: "博士"), new TestStudent("F", Degree: "博士"));
        await host.SubscribeAsync("B");
        await host.SubscribeAsync("F");
        await host.SubscribeAsync("F", kinds: ["window-open", "window-closing"], subscribed: false);

        var output = await host.RunCliAsync("remind", "preview", "--school", "cqu", "--date", "2026-06-25");

        Assert.StartsWith("exit 0:", output);
        Assert.Contains("send   B window-open: ", output);
        Assert.Contains("cannot F window-open: ", output);
        Assert.Contains("not subscribed to window-open", output);
        Assert.Empty(host.Api.Messages);
        Assert.Empty(await host.DeliveriesAsync());
    }

    [Fact]
    public async Task AtNightPreviewAndRunSayTheQuietHoursHoldTheRemindersAndUntilWhen()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensNight);
        await host.AddStudentsAsync(new TestStudent("B", Degree: "博士"));
        await host.SubscribeAsync("B");

        var preview = await host.RunCliAsync("remind", "preview", "--school", "cqu", "--date", "2026-06-25");
        Assert.Contains("held   B window-open until 2026-06-25 08:00", preview);

        var run = await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25");
        Assert.Contains("not sent now: held   B window-open until 2026-06-25 08:00", run);
        Assert.Empty(host.Api.Messages);
    }

    [Fact]
    public async Task AMissingTemplateIdIsNamedWithTheKeyToSet()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning, new Dictionary<string, string?>
        {
            ["WeChat:Accounts:demo:TemplateIds:window-open"] = "",
        });
        await host.AddStudentsAsync(new TestStudent("B", Degree: "博士"));
        await host.SubscribeAsync("B", kinds: ["window-open"]);

        var preview = await host.RunCliAsync("remind", "preview", "--school", "cqu", "--date", "2026-06-25");
        Assert.Contains("no template id for window-open in WeChat:Accounts:demo:TemplateIds", preview);

        var run = await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25");
        Assert.Contains("not sent now: cannot B window-open", run);
    }
}
