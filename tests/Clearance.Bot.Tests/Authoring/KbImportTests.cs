using Clearance.Bot.Cli;

namespace Clearance.Bot.Tests.Authoring;

public sealed class KbImportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kb-import-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ImportDraftsANewSchoolThatIndexListsAndKbOfficesNames()
    {
        var notice = Path.Combine(_root, "notice.txt");
        File.WriteAllText(notice, "示例大学离校手续办理指南\n一、校园卡注销\n受理部门：一卡通中心\n办理地点：2号窗口\n服务电话：65108888\n6月20日前办理。\n");
        using var host = new BotApplication(new Dictionary<string, string?> { ["Knowledge:Root"] = Path.Combine(_root, "kb") });

        var output = new StringWriter();
        Assert.Equal(0, await CliDispatcher.RunAsync(host.Services, ["kb", "import", "--school", "demo", notice], output, CancellationToken.None));
        Assert.Contains("draft notice-01.md: 校园卡注销 (一卡通中心)", output.ToString());
        Assert.Contains("review: a date without a year: 6月20日", output.ToString());
        Assert.True(File.Exists(Path.Combine(_root, "kb", "demo", "school.yml")));

        output = new StringWriter();
        await CliDispatcher.RunAsync(host.Services, ["index"], output, CancellationToken.None);
        Assert.Contains("demo  示例大学: 0 guides", output.ToString());
        Assert.Contains("draft notice-01.md (校园卡注销), not served", output.ToString());

        output = new StringWriter();
        Assert.Equal(0, await CliDispatcher.RunAsync(host.Services, ["kb", "offices", "--school", "demo"], output, CancellationToken.None));
        Assert.Contains("campus-card\t一卡通中心\t65108888", output.ToString());

        // The drafted school.yml names a guide that is still a draft: lint says so and fails until a person reviews it.
        output = new StringWriter();
        Assert.Equal(1, await CliDispatcher.RunAsync(host.Services, ["kb", "lint", "--school", "demo"], output, CancellationToken.None));
        Assert.Contains("which is still a draft", output.ToString());
    }
}
