using Clearance.Bot.Cli;

namespace Clearance.Bot.Tests.Authoring;

public sealed class KbRollTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kb-roll-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task RollWritesAChecklistAndConfirmMarksTheTickedGuides()
    {
        var school = Path.Combine(_root, "demo");
        Directory.CreateDirectory(school);
        File.WriteAllText(Path.Combine(school, "school.yml"), "id: demo\nname: 示例大学\ncalendar:\n  - kind: card-stop\n    date: \"06-28\"\n    title: 校园卡停用\n    years: {2027: {date: \"06-30\"}}\n");
        File.WriteAllText(Path.Combine(school, "card.md"), "---\nid: demo/card\ntitle: 校园卡注销\nphone: [\"65108888\"]\n---\n## 时间\n2026年6月28日起停用校园卡。\n");
        using var host = new BotApplication(new Dictionary<string, string?> { ["Knowledge:Root"] = _root });

        var output = new StringWriter();
        Assert.Equal(0, await CliDispatcher.RunAsync(host.Services, ["kb", "roll", "--school", "demo", "--year", "2027"], output, CancellationToken.None));
        Assert.Contains("[ ] calendar card-stop: 校园卡停用 — 2027-06-30", output.ToString());
        var checklist = Path.Combine(school, "roll-2027.txt");
        Assert.Contains("[ ] card.md:7: 2026年6月28日", File.ReadAllText(checklist));

        output = new StringWriter();
        Assert.Equal(1, await CliDispatcher.RunAsync(host.Services, ["kb", "roll", "--school", "demo", "--year", "2027", "--confirm"], output, CancellationToken.None));
        Assert.Contains("2 items still open", output.ToString());

        File.WriteAllText(checklist, File.ReadAllText(checklist).Replace("[ ]", "[x]"));
        output = new StringWriter();
        Assert.Equal(0, await CliDispatcher.RunAsync(host.Services, ["kb", "roll", "--school", "demo", "--year", "2027", "--confirm"], output, CancellationToken.None));
        Assert.Contains("confirmed: 2027 → card.md", output.ToString());
        Assert.Contains("confirmed: 2027", File.ReadAllText(Path.Combine(school, "card.md")));
    }
}
