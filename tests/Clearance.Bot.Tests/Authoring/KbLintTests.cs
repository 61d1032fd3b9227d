using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clearance.Bot.Cli;

namespace Clearance.Bot.Tests.Authoring;

public sealed class KbLintTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kb-lint-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private void WriteSchool()
    {
        Write("demo/school.yml", "id: demo\nname: 示例大学\ntimeZone: Asia/Shanghai\nclearance:\n  offices:\n    - id: library\n      name: 图书馆\n      guide: demo/library\n");
        Write("demo/library.md", "---\nid: demo/library\ntitle: 图书馆还书\ndepartment: library\noffice: 图书馆\nwhere: 图书馆一楼\nphone: [\"65102345\"]\nquestions: [图书馆还书怎么办理]\n---\n## 流程\n把图书还到图书馆一楼总服务台。\n");
    }

    private async Task<(int Exit, string Output)> Run(params string[] args)
    {
        using var host = new BotApplication(new Dictionary<string, string?> { ["Knowledge:Root"] = _root });
        var output = new StringWriter();
        var exit = await CliDispatcher.RunAsync(host.Services, args, output, CancellationToken.None);
        return (exit, output.ToString());
    }

    [Fact]
    public async Task KbLintExitsZeroOnACleanSchool()
    {
        WriteSchool();

        var (exit, output) = await Run("kb", "lint", "--school", "demo");

        Assert.Equal(0, exit);
        Assert.Contains("demo: 0 errors, 0 warnings", output);
    }

    [Fact]
    public async Task KbLintExitsNonZeroOnAnErrorAndNamesTheFileAndCheck()
    {
        WriteSchool();
        Write("demo/diploma.md", "---\nid: demo/diploma\ntitle: 学位证书领取\nquestions: [学位证书什么时候领取]\n---\n## 流程\n学位证书由学院统一领取后发放。\n");

        var (exit, output) = await Run("kb", "lint");

        Assert.Equal(1, exit);
        Assert.Contains("error: demo/diploma.md: [unreachable]", output);
    }

    [Fact]
    public async Task IndexListsDraftsWithWhatNeedsReviewAndTheLintSummary()
    {
        WriteSchool();
        Write("demo/card.md", "---\nid: demo/card\ntitle: 校园卡注销\ndraft: true\nreview:\n  - \"a date without a year: 6月20日 (line 3)\"\n---\n## 时间\n6月20日前办理。\n");

        var (_, output) = await Run("index");

        Assert.Contains("draft card.md (校园卡注销), not served", output);
        Assert.Contains("a date without a year: 6月20日", output);
        Assert.Contains("lint demo:", output);
        Assert.Contains("offices: library (图书馆)", output);
    }
}

public sealed class LintConsoleTests
{
    private const string CquAdmin = "cqu-admin-key-lint-0001";

    [Fact]
    public async Task TheConsoleShowsTheSchoolsLintReportToItsStaffOnly()
    {
        using var host = new BotApplication(new Dictionary<string, string?>
        {
            ["Clearance:StaffKeys:0:Key"] = CquAdmin,
            ["Clearance:StaffKeys:0:School"] = "cqu",
            ["Clearance:StaffKeys:0:Office"] = "*",
        });
        var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/console/cqu/lint")).StatusCode);
        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/console/bupt/lint");
        other.Headers.Add("X-Api-Key", CquAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(other)).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/console/cqu/lint");
        request.Headers.Add("X-Api-Key", CquAdmin);
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("cqu: 0 errors", report.GetProperty("summary").GetString());
        Assert.All(report.GetProperty("findings").EnumerateArray(), f => Assert.Equal("warning", f.GetProperty("severity").GetString()));
    }
}
