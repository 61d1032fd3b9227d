using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Clearance.Bot.Cli;
using Clearance.Integrations.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>
/// Issue #13 item 3: a roster is checked row by row against the school's school.yml and imported whole or not at all,
/// through the staff API and the CLI, on SQLite and on PostgreSQL; a re-import that changes whether an office the
/// student already passed applies needs confirming.
/// </summary>
public sealed class RosterImportTests
{
    private const string Admin = "cqu-roster-admin-key-01";
    private const string BuctAdmin = "buct-roster-admin-key-1";
    private const string Header = "studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus\n";

    private static BotApplication Host(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Clearance:StaffKeys:0:Key"] = Admin,
            ["Clearance:StaffKeys:0:School"] = "cqu",
            ["Clearance:StaffKeys:0:Office"] = "*",
            ["Clearance:StaffKeys:0:Name"] = "cqu-admin",
            ["Clearance:StaffKeys:1:Key"] = BuctAdmin,
            ["Clearance:StaffKeys:1:School"] = "buct",
            ["Clearance:StaffKeys:1:Office"] = "*",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return new BotApplication(settings);
    }

    private static async Task<HttpResponseMessage> Import(HttpClient client, string csv, string school = "cqu", string key = Admin, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/clearance/{school}/students{query}")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("X-Api-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static Task<Student?> Find(BotApplication host, string studentId) =>
        host.Services.GetRequiredService<RosterStore>().FindStudentAsync("cqu", studentId, default);

    // A good row first and last: neither may be imported while any row of the file is bad.
    private const string Impossible = Header +
        "20187001,好学生,123456,硕士,正常毕业,A区,false,true\n" +
        "20187002,火星人,234567,硕士,正常毕业,火星校区,false,true\n" +
        "20187003,本科生,345678,本科,正常毕业,A区,false,true\n" +
        "20187004,怪类型,456789,硕士,提前毕业,A区,false,true\n" +
        "20187005,读博士,567890,博士,上本校博,B区,false,true\n" +
        "20187006,也很好,678901,博士,正常毕业,虎溪,true,true\n";

    [Fact]
    public async Task AFileWithRowsThatCannotBeIsA400ListingEveryBadLineAndImportsNothing()
    {
        using var host = Host();
        var client = host.CreateClient();

        var response = await Import(client, Impossible);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem(response);
        Assert.Equal(4, problem.GetProperty("errorCount").GetInt32());
        Assert.False(problem.GetProperty("truncated").GetBoolean());
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("message").GetString()!)).ToList();
        Assert.Equal([3, 4, 5, 6], errors.Select(e => e.Item1));
        Assert.Contains("火星校区", errors[0].Item2);
        Assert.Contains("degree must be one of 硕士/博士", errors[1].Item2);
        Assert.Contains("提前毕业", errors[2].Item2);
        Assert.Contains("上本校博 is for a 本科/硕士 graduate", errors[3].Item2);
        Assert.Null(await Find(host, "20187001"));
        Assert.Null(await Find(host, "20187006"));
    }

    [Fact]
    public async Task AWrongFileGetsTheFirstHundredErrorsAndTheCountOfAll()
    {
        using var host = Host();
        var rows = string.Concat(Enumerable.Range(0, 150).Select(i => $"2018{i:D4},某某,123456,本科,正常毕业,A区,false,true\n"));

        var problem = await Problem(await Import(host.CreateClient(), Header + rows));

        Assert.Equal(150, problem.GetProperty("errorCount").GetInt32());
        Assert.True(problem.GetProperty("truncated").GetBoolean());
        Assert.Equal(100, problem.GetProperty("errors").GetArrayLength());
        Assert.Equal(2, problem.GetProperty("errors")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task ASchoolWithoutClearanceOfficesTakesNoRoster()
    {
        using var host = Host();

        var response = await Import(host.CreateClient(), Header + "2019001,张三,123456,本科,正常毕业,昌平校区,false,true\n", "buct", BuctAdmin);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lists no clearance offices", (await Problem(response)).GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task AReimportThatChangesAPassedOfficeIsRefusedUntilConfirmedAndTheOfficeStaysPassed()
    {
        using var host = Host();
        var client = host.CreateClient();
        (await Import(client, Header + "20187101,住校生,123456,硕士,正常毕业,A区,false,true\n20187102,另一个,234567,硕士,正常毕业,A区,false,true\n")).EnsureSuccessStatusCode();
        using (var pass = new HttpRequestMessage(HttpMethod.Put, "/api/clearance/cqu/20187101/departments/dormitory") { Content = JsonContent.Create(new { status = "passed" }) })
        {
            pass.Headers.Add("X-Api-Key", Admin);
            (await client.SendAsync(pass)).EnsureSuccessStatusCode();
        }
        // The roster now says 住校生 lived off campus, and 另一个 changed campus (which no passed office depends on).
        const string Moved = Header + "20187101,住校生,123456,硕士,正常毕业,A区,false,false\n20187102,另一个,234567,硕士,正常毕业,B区,false,true\n";

        var refused = await Import(client, Moved);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var warning = Assert.Single((await Problem(refused)).GetProperty("passedOffices").EnumerateArray());
        Assert.Equal(2, warning.GetProperty("line").GetInt32());
        Assert.Equal("后勤集团学生公寓管理中心", warning.GetProperty("offices")[0].GetString());
        Assert.True((await Find(host, "20187101"))!.OnCampus);
        Assert.Equal("A区", (await Find(host, "20187102"))!.Campus);

        var confirmed = await Import(client, Moved, query: "?confirmPassed=true");

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var body = JsonDocument.Parse(await confirmed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, body.GetProperty("updatedCount").GetInt32());
        Assert.Equal(2, Assert.Single(body.GetProperty("passedOffices").EnumerateArray()).GetProperty("line").GetInt32());
        Assert.False((await Find(host, "20187101"))!.OnCampus);
        var record = await host.Services.GetRequiredService<ProgressStore>().GetRecordAsync("cqu", "20187101", default);
        Assert.Equal(OfficeState.Passed, record!.Office("dormitory")!.State);
    }

    [Fact]
    public async Task TheCliRefusesAReimportTouchingAPassedOfficeOnStandardErrorUntilConfirmPassed()
    {
        using var host = Host();
        var roster = Path.Combine(host.DataDirectory, "roster.csv");
        await File.WriteAllTextAsync(roster, Header + "20187201,贷款生,123456,硕士,正常毕业,A区,true,true\n");
        Assert.Equal(0, await CliDispatcher.RunAsync(host.Services, ["students", "import", "--school", "cqu", roster], new StringWriter(), default));
        await host.Services.GetRequiredService<ProgressStore>().SetOfficeStatusAsync("cqu", "20187201", "student-loan", new OfficeStatusUpdate(OfficeState.Passed, null, null), "staff", default);
        await File.WriteAllTextAsync(roster, Header + "20187201,贷款生,123456,硕士,正常毕业,A区,false,true\n");
        var output = new StringWriter();
        var errors = new StringWriter();

        var refused = await CliDispatcher.RunAsync(host.Services, ["students", "import", "--school", "cqu", roster], output, default, errors);

        Assert.Equal(1, refused);
        Assert.Contains("warning: roster.csv:2: 20187201 already passed 国家助学贷款中心", errors.ToString());
        Assert.Contains("--confirm-passed", errors.ToString());
        Assert.True((await Find(host, "20187201"))!.HasLoan);

        var confirmed = await CliDispatcher.RunAsync(host.Services, ["students", "import", "--school", "cqu", roster, "--confirm-passed"], output, default, errors);

        Assert.Equal(0, confirmed);
        Assert.Contains("1 updated", output.ToString());
        Assert.False((await Find(host, "20187201"))!.HasLoan);
    }

    [ServiceFact(Needs.Postgres)]
    public async Task OnPostgreSqlABadFileImportsNothingAndAGoodOneImportsWhole()
    {
        var database = TestServices.FreshPostgresDatabase("clearance_roster_")!;
        try
        {
            using var host = Host(new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["IdDigits:Key"] = TestServices.IdDigitsKey, ["Storage:ConnectionString"] = database });
            var client = host.CreateClient();

            var rejected = await Import(client, Impossible);
            var good = await Import(client, Header + "20187301,张三,123456,硕士,正常毕业,虎溪,false,true\n20187302,李四,234567,博士,确定延期,A校区,true,false\n");

            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
            Assert.Null(await Find(host, "20187001"));
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
            Assert.Equal("虎溪校区", (await Find(host, "20187301"))!.Campus);
            Assert.Equal("A区", (await Find(host, "20187302"))!.Campus);
        }
        finally
        {
            await TestServices.DropPostgresDatabaseAsync(database);
        }
    }
}
