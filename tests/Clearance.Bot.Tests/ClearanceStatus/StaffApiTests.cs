using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clearance.Integrations.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>
/// Each test gets its own host and roster (xUnit makes a new instance per test): the tests change statuses, so a shared
/// one would make a result depend on which tests ran before it.
/// </summary>
public sealed class StaffApiTests : IAsyncLifetime
{
    private readonly ClearanceApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task KeysAreScopedBySchoolAndOffice()
    {
        async Task<HttpStatusCode> Put(string school, string student, string office, string? key, string status = "passed") =>
            (await app.Put(school, student, office, key, new { status })).StatusCode;

        Assert.Equal(HttpStatusCode.Unauthorized, await Put("cqu", "20181236", "finance", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await Put("cqu", "20181236", "finance", "not-a-real-key-at-all"));
        Assert.Equal(HttpStatusCode.Forbidden, await Put("cqu", "20181236", "library", ClearanceApp.CquFinance));
        Assert.Equal(HttpStatusCode.Forbidden, await Put("cumt", "2020010001", "finance", ClearanceApp.CquFinance));
        Assert.Equal(HttpStatusCode.NotFound, await Put("cqu", "20189999", "finance", ClearanceApp.CquFinance));
        Assert.Equal(HttpStatusCode.NotFound, await Put("cqu", "20181236", "no-such-office", ClearanceApp.CquAdmin));
        Assert.Equal(HttpStatusCode.BadRequest, await Put("cqu", "20181236", "finance", ClearanceApp.CquFinance, "done"));
        Assert.Equal(HttpStatusCode.OK, await Put("cqu", "20181236", "finance", ClearanceApp.CquFinance));

        var problem = await app.Put("cqu", "20181236", "library", ClearanceApp.CquFinance, new { status = "passed" });
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheLastOfficeCannotPassWhileOthersAreOpenUnlessForcedAndThenTheAuditSaysSo()
    {
        // 全未办 has every office open.
        var refused = await app.Put("cqu", "20181299", "graduate-office", ClearanceApp.CquAdmin, new { status = "passed" });
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        var stillPending = await Record("20181299");
        var forced = await app.Put("cqu", "20181299", "graduate-office", ClearanceApp.CquAdmin, new { status = "passed", force = true });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("图书馆", problem.GetProperty("detail").GetString());
        Assert.Contains("国家助学贷款中心", problem.GetProperty("detail").GetString());
        var open = problem.GetProperty("openOffices").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("library", open);
        Assert.Contains("student-loan", open);
        Assert.DoesNotContain("graduate-office", open);
        Assert.Equal("pending", Office(stillPending, "graduate-office").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal("passed", Office(await Record("20181299"), "graduate-office").GetProperty("status").GetString());
        using var audit = new HttpRequestMessage(HttpMethod.Get, "/api/clearance/cqu/20181299/audit");
        audit.Headers.Add("X-Api-Key", ClearanceApp.CquAdmin);
        var entries = JsonDocument.Parse(await (await app.Client.SendAsync(audit)).Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        var last = entries.Last(e => e.GetProperty("officeId").GetString() == "graduate-office");
        Assert.Equal("status-forced", last.GetProperty("action").GetString());
        Assert.Equal("cqu-admin", last.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task TheLastOfficePassesWithoutForceOnceEveryOtherOfficeHas()
    {
        // 王五 (no loan): pass everything else, then 研工办 needs no force.
        foreach (var office in new[] { "supervisor", "academic-secretary", "student-work-group", "party-committee", "finance", "library", "dormitory", "hospital", "education-service-center", "campus-card" })
            (await app.Put("cqu", "20181236", office, ClearanceApp.CquAdmin, new { status = "passed" })).EnsureSuccessStatusCode();

        var response = await app.Put("cqu", "20181236", "graduate-office", ClearanceApp.CquAdmin, new { status = "passed" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("passed", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("waitingForOthers").GetBoolean());
    }

    [Fact]
    public async Task TheResponseSaysWhetherTheOfficeAppliesToTheStudent()
    {
        // 走读生 has no loan and lived off campus; 李四 has a loan and lived on campus.
        async Task<JsonElement> PutPending(string student, string office) =>
            JsonDocument.Parse(await (await app.Put("cqu", student, office, ClearanceApp.CquAdmin, new { status = "pending", note = "核对中" })).Content.ReadAsStringAsync()).RootElement;

        Assert.False((await PutPending("20181296", "student-loan")).GetProperty("required").GetBoolean());
        Assert.False((await PutPending("20181296", "dormitory")).GetProperty("required").GetBoolean());
        Assert.True((await PutPending("20181235", "student-loan")).GetProperty("required").GetBoolean());
        Assert.True((await PutPending("20181235", "dormitory")).GetProperty("required").GetBoolean());
    }

    private async Task<JsonElement> Record(string studentId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/clearance/cqu/{studentId}");
        request.Headers.Add("X-Api-Key", ClearanceApp.CquAdmin);
        return JsonDocument.Parse(await (await app.Client.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
    }

    private static JsonElement Office(JsonElement record, string id) =>
        record.GetProperty("offices").EnumerateArray().Single(o => o.GetProperty("id").GetString() == id);

    [Fact]
    public async Task EveryChangeIsAuditedUnderTheKeysName()
    {
        (await app.Put("cqu", "20181236", "finance", ClearanceApp.CquFinance, new { status = "pending", note = "欠住宿费" })).EnsureSuccessStatusCode();
        (await app.Put("cqu", "20181236", "finance", ClearanceApp.CquFinance, new { status = "passed" })).EnsureSuccessStatusCode();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/clearance/cqu/20181236/audit");
        request.Headers.Add("X-Api-Key", ClearanceApp.CquAdmin);
        var body = await (await app.Client.SendAsync(request)).Content.ReadAsStringAsync();
        var entries = JsonDocument.Parse(body).RootElement.EnumerateArray().Where(e => e.GetProperty("officeId").GetString() == "finance").ToList();

        Assert.True(entries.Count >= 2);
        var last = entries[^1];
        Assert.Equal("cqu-finance", last.GetProperty("actor").GetString());
        Assert.Contains("欠住宿费", last.GetProperty("before").GetString());
        Assert.Contains("passed", last.GetProperty("after").GetString());
        Assert.DoesNotContain(ClearanceApp.CquFinance, body);
    }

    [Fact]
    public async Task GetReturnsTheRecordWithOfficesInOrder()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/clearance/cqu/20181234");
        request.Headers.Add("X-Api-Key", ClearanceApp.CquAdmin);
        var response = await app.Client.SendAsync(request);
        var record = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var offices = record.GetProperty("offices").EnumerateArray().ToList();
        Assert.Equal("supervisor", offices[0].GetProperty("id").GetString());
        Assert.Equal("graduate-office", offices[^1].GetProperty("id").GetString());
        Assert.True(offices[^1].GetProperty("waitingForOthers").GetBoolean());
        Assert.Equal("notRequired", offices.Single(o => o.GetProperty("id").GetString() == "student-loan").GetProperty("status").GetString());
        Assert.DoesNotContain("idLast6", record.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FinanceBatchPassesStudentsWithoutDebts()
    {
        // 张三 owes 550; every other cqu student's finance office is open with no debt recorded.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/clearance/cqu/departments/finance/batch")
        {
            Content = JsonContent.Create(new { where = "noDebts" }),
        };
        request.Headers.Add("X-Api-Key", ClearanceApp.CquFinance);
        var response = await app.Client.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(6, body.GetProperty("passed").GetInt32());
        Assert.Equal("pending", Office(await Record("20181234"), "finance").GetProperty("status").GetString());
        foreach (var passed in new[] { "20181235", "20181236", "20181299", "20181297", "20181298", "20181296" })
            Assert.Equal("passed", Office(await Record(passed), "finance").GetProperty("status").GetString());
        // Another school's students are not this key's to pass.
        using var cumt = new HttpRequestMessage(HttpMethod.Get, "/api/clearance/cumt/2020010001");
        cumt.Headers.Add("X-Api-Key", ClearanceApp.CumtAdmin);
        var cumtRecord = JsonDocument.Parse(await (await app.Client.SendAsync(cumt)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("pending", Office(cumtRecord, "finance").GetProperty("status").GetString());
    }

    [Fact]
    public async Task PartyCommitteeBatchPassesOnlyStudentsWhoAreNotPartyMembers()
    {
        // The roster has no party column yet, so the flag is set where the committee's own list would put it.
        await using (var db = app.Host.Services.GetRequiredService<RecordsDbContextFactory>().CreateDbContext())
        {
            await db.Students.Where(s => s.School == "cqu" && (s.StudentId == "20181235" || s.StudentId == "20181298"))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.PartyMember, true));
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/clearance/cqu/departments/party-committee/batch")
        {
            Content = JsonContent.Create(new { where = "notPartyMember" }),
        };
        request.Headers.Add("X-Api-Key", ClearanceApp.CquAdmin);
        var response = await app.Client.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        // 张三 had passed it already (not pending, so not counted); 李四 and 锁学号 are members and stay open.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, body.GetProperty("passed").GetInt32());
        foreach (var member in new[] { "20181235", "20181298" })
            Assert.Equal("pending", Office(await Record(member), "party-committee").GetProperty("status").GetString());
        foreach (var passed in new[] { "20181234", "20181236", "20181299", "20181297", "20181296" })
            Assert.Equal("passed", Office(await Record(passed), "party-committee").GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheLastOfficeIsNotPassedInBatches()
    {
        async Task<string?> GraduateOffice() => (await Record("20181234")).GetProperty("offices").EnumerateArray()
            .Single(o => o.GetProperty("id").GetString() == "graduate-office").GetProperty("status").GetString();
        var before = await GraduateOffice();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/clearance/cqu/departments/graduate-office/batch")
        {
            Content = JsonContent.Create(new { studentIds = new[] { "20181234" } }),
        };
        request.Headers.Add("X-Api-Key", ClearanceApp.CquAdmin);
        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pending", before);
        Assert.Equal(before, await GraduateOffice());
    }

    [Fact]
    public async Task RosterImportCreatesAndAReimportUpdates()
    {
        // Bad rows (reported by line, nothing imported) are RosterImportTests' subject.
        const string Header = "studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus\n";
        var first = await app.Import("cqu", ClearanceApp.CquAdmin, Header +
            "20187001,\"欧阳,娜娜\",12345X,硕士,正常毕业,A区,false,true\n");
        var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(1, firstBody.GetProperty("createdCount").GetInt32());
        Assert.Empty(firstBody.GetProperty("passedOffices").EnumerateArray());

        var again = await app.Import("cqu", ClearanceApp.CquAdmin, Header + "20187001,欧阳娜娜,12345X,博士,正常毕业,A区,true,true\n");
        var againBody = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("20187001", againBody.GetProperty("updated")[0].GetString());
    }

    [Fact]
    public async Task OnlyAnAdministratorKeyImportsTheRoster()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/clearance/cqu/students")
        {
            Content = new StringContent("[]", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", ClearanceApp.CquFinance);

        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("PUT", "/api/clearance/cqu/20181234/departments/finance", "{\"status\":")]
    [InlineData("PUT", "/api/clearance/cqu/20181234/departments/finance", "not json")]
    [InlineData("POST", "/api/clearance/cqu/departments/finance/batch", "[1,")]
    public async Task MalformedJsonOnTheStaffApiIsAProblemDetails400(string method, string path, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", ClearanceApp.CquAdmin);

        var response = await app.Client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
