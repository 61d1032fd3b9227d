using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Clearance.Integrations.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>
/// What a fresh clone does (issue #4, Done-when): the host seeds the demo roster, a student binds as README says
/// through POST /api/chat, sees the × offices with where to go, staff mark one office through the API, and the
/// next answer shows it ✓.
/// </summary>
public sealed partial class DemoDataTests(DemoDataTests.DemoApp app) : IClassFixture<DemoDataTests.DemoApp>
{
    /// <summary>The host with <c>Clearance:DemoData</c> on, as in embedded mode outside tests, and two staff keys.</summary>
    public sealed class DemoApp : IDisposable
    {
        public const string CquLibrary = "cqu-demo-library-key-01";
        public const string CquAdmin = "cqu-demo-admin-key-0001";

        public BotApplication Host { get; } = new(new Dictionary<string, string?>
        {
            ["Clearance:DemoData"] = "true",
            ["Clearance:StaffKeys:0:Key"] = CquLibrary,
            ["Clearance:StaffKeys:0:School"] = "cqu",
            ["Clearance:StaffKeys:0:Office"] = "library",
            ["Clearance:StaffKeys:0:Name"] = "图书馆",
            ["Clearance:StaffKeys:1:Key"] = CquAdmin,
            ["Clearance:StaffKeys:1:School"] = "cqu",
            ["Clearance:StaffKeys:1:Office"] = "*",
            ["Clearance:StaffKeys:1:Name"] = "研工办",
        });

        public HttpClient Client { get; }

        public DemoApp() => Client = Host.CreateClient();

        public Conversation User(string userId, string school) => new(Host.WebUser(userId), userId, school);

        public void Dispose() => Host.Dispose();
    }

    [Fact]
    public async Task AReadmeStudentSeesOpenOfficesWithWhereToGoAndAStaffPassShowsInTheNextAnswer()
    {
        var zhang = app.User("demo-zhang", "cqu");
        Assert.Contains("绑定成功", (await zhang.Binds("20181234", "张三", "123456")).Reply);

        var before = (await zhang.Says("我的离校进度")).Reply;

        Assert.StartsWith("张三（20181234）离校进度：", before);
        Assert.Contains("顺序：", before);
        Assert.Contains("× 财务处：2019 学分学费 550元；总计欠款 550元", before);
        // Each open office comes with where to go and a phone from school.yml or its guide (A区, 张三's campus).
        Assert.Contains("电话：65105869", OfficeBlock(before, "财务处"));
        Assert.Contains("地点：", OfficeBlock(before, "图书馆"));
        Assert.Contains("电话：65102608", OfficeBlock(before, "图书馆"));
        Assert.Contains("A区学生六公寓一楼", OfficeBlock(before, "后勤集团学生公寓管理中心"));
        Assert.Contains("电话：65111348", OfficeBlock(before, "后勤集团学生公寓管理中心"));
        Assert.Contains("地点：", OfficeBlock(before, "一卡通管理中心"));
        Assert.Contains("其他环节全部 ✓ 后才能办理", OfficeBlock(before, "研究生院研工办"));
        Assert.True(Encoding.UTF8.GetByteCount(before) <= 2048);

        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/clearance/cqu/20181234/departments/library")
        {
            Content = JsonContent.Create(new { status = "passed", note = "已还书" }),
        };
        put.Headers.Add("X-Api-Key", DemoApp.CquLibrary);
        var response = await app.Client.SendAsync(put);
        var after = (await zhang.Says("我的离校进度")).Reply;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("✓ 图书馆", after);
        Assert.DoesNotContain("× 图书馆", after);
        Assert.Contains("× 财务处", after);
        Assert.Contains("还差 4 项", after);
    }

    [Fact]
    public async Task EveryStudentTheReadmeListsBindsAndSeesTheirOwnProgress()
    {
        var rows = ReadmeStudents();

        // What each README row's state means in the reply, written out: a row the table gains needs a line here.
        var expected = new Dictionary<string, Action<string>>
        {
            ["20181234"] = s => { Assert.Contains("× 财务处", s); Assert.Contains("× 图书馆", s); },
            ["20181235"] = s => { Assert.DoesNotContain("× 财务处", s); Assert.Contains("研工办", s); },
            ["20181236"] = s => Assert.DoesNotContain("×", s),
            ["20181237"] = s => Assert.Contains("× 国家助学贷款中心", s),
            ["2020010001"] = s => Assert.Contains("×", s),
            ["2020010002"] = s => Assert.DoesNotContain("×", s),
            ["2020010003"] = s => Assert.Contains("提交离校，无需再次提交", s),
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), rows.Select(r => r.StudentId).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            var user = app.User($"readme-{row.StudentId}", row.School);
            var bound = await user.Binds(row.StudentId, row.Name, row.IdLast6);
            var status = (await user.Says("我的离校进度")).Reply;

            Assert.True(bound.Reply.Contains("绑定成功"), $"{row.School} {row.StudentId} {row.Name}: {bound.Reply}");
            Assert.StartsWith($"{row.Name}（{row.StudentId}）离校进度：", status);
            expected[row.StudentId](status);
        }
    }

    [Fact]
    public async Task AStudentWhoLivedOffCampusDoesNotHaveToVisitTheDormitoryOffice()
    {
        var zhao = app.User("demo-zhao", "cqu");
        await zhao.Binds("20181237", "赵六", "456789");

        var status = (await zhao.Says("我的离校进度")).Reply;

        Assert.Contains("✓ 后勤集团学生公寓管理中心（无需办理）", status);
        Assert.Contains("× 国家助学贷款中心", status);
    }

    [Fact]
    public async Task ACumtStudentSeesTheDetailsThatExplainEachOpenOffice()
    {
        var chen = app.User("demo-chen", "cumt");
        await chen.Binds("2020010001", "陈一", "111111");

        var status = (await chen.Says("我的离校进度")).Reply;

        Assert.Contains("× 图书馆：未还册数 2；欠款金额(元) 0.5；证件状态 未注销；论文提交状态 未审核", status);
        // A zero is what is fine, not what explains the ×.
        Assert.DoesNotContain("违章状态", status);
        Assert.Contains("× 档案馆：论文提交状态 未提交", status);
        Assert.Contains("× 总务部公寓与物业中心：校区 南湖校区；楼宇 梅苑梅1楼；房间号 A3071", status);
        Assert.Contains("总计欠款 682.4元", status);
        Assert.Contains("顺序：四个事项可同时办理", status);
    }

    [Fact]
    public async Task GeneratedCumtStudentsCarryTheSeedsDetailFields()
    {
        // The generated ids run 2020000001…2020000300; read from the store the host seeded.
        var store = app.Host.Services.GetRequiredService<ProgressStore>();
        var pendingLibraries = 0;
        var passedDormitories = 0;
        for (var i = 1; i <= 300; i++)
        {
            var record = await store.GetRecordAsync("cumt", $"2020{i:D6}", CancellationToken.None);
            Assert.NotNull(record);
            var library = record.Office("library")!;
            if (library.State == OfficeState.Pending)
            {
                pendingLibraries++;
                var f = library.Details.Fields;
                Assert.Equal(["未还册数", "欠款金额(元)", "违章状态", "证件状态", "论文提交状态"], f.Keys);
                // A × has a reason: something owed, a violation, the card not cancelled or the thesis not approved.
                Assert.True(f["未还册数"] != "0" || f["欠款金额(元)"] != "0" || f["违章状态"] != "0" || f["证件状态"] == "未注销" || f["论文提交状态"] != "审核通过");
            }
            var dormitory = record.Office("dormitory")!;
            if (dormitory.State == OfficeState.Passed)
            {
                passedDormitories++;
                Assert.False(string.IsNullOrEmpty(dormitory.Details.Fields.GetValueOrDefault("退宿日期")));
                Assert.False(string.IsNullOrEmpty(dormitory.Details.Fields.GetValueOrDefault("退宿办理人")));
            }
        }
        Assert.True(pendingLibraries > 10 && passedDormitories > 10, $"{pendingLibraries} open libraries, {passedDormitories} passed dormitories");
    }

    /// <summary>An office's × line and the indented lines under it.</summary>
    private static string OfficeBlock(string reply, string office)
    {
        var lines = reply.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("× " + office, StringComparison.Ordinal));
        Assert.True(start >= 0, $"no × line for {office} in:\n{reply}");
        var block = lines.Skip(start).Take(1).Concat(lines.Skip(start + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)));
        return string.Join('\n', block);
    }

    private sealed record ReadmeStudent(string School, string StudentId, string Name, string IdLast6, string State);

    /// <summary>The table under "Trying the live status" in README.md (copied beside the tests by the project file).</summary>
    private static List<ReadmeStudent> ReadmeStudents()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        return [.. ReadmeRow().Matches(readme).Select(m => new ReadmeStudent(
            m.Groups["school"].Value, m.Groups["id"].Value, m.Groups["name"].Value, m.Groups["digits"].Value, m.Groups["state"].Value.Trim()))];
    }

    [GeneratedRegex(@"^\| (?<school>[a-z]+) \| (?<id>\d+) \| (?<name>[^|\s]+) \| (?<digits>\d{5}[\dX]) \| (?<state>[^|]+)\|$", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}
