using System.Net;
using System.Text.Json;
using Clearance.Bot.Tests.ClearanceStatus;

namespace Clearance.Bot.Tests.Staff;

/// <summary>
/// Least privilege for office keys (issue 17 item 7): an office sees what it needs to act on its own office, an
/// administrator the whole record. 张三 (20181234) owes finance 550 and has two library books out.
/// </summary>
public sealed class OfficeKeyPrivilegeTests(ClearanceApp app) : IClassFixture<ClearanceApp>
{
    private async Task<(HttpStatusCode Status, string Body)> Get(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        var response = await app.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnOfficeKeySeesTheStudentAndItsOwnOfficeOnly()
    {
        var (status, body) = await Get("/api/clearance/cqu/20181234", ClearanceApp.CquFinance);
        var record = JsonDocument.Parse(body).RootElement;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("20181234", record.GetProperty("studentId").GetString());
        Assert.Equal("张三", record.GetProperty("name").GetString());
        var office = Assert.Single(record.GetProperty("offices").EnumerateArray());
        Assert.Equal("finance", office.GetProperty("id").GetString());
        Assert.Equal("pending", office.GetProperty("status").GetString());
        Assert.Equal(550m, office.GetProperty("details").GetProperty("total").GetDecimal());
        // Not the library's books, nor the loan, party membership, dormitory or anything else about the student.
        Assert.DoesNotContain("未还册数", body);
        foreach (var hidden in new[] { "hasLoan", "partyMember", "onCampus", "campus", "degree", "graduationType" })
            Assert.False(record.TryGetProperty(hidden, out _), hidden);
    }

    [Fact]
    public async Task AnAdministratorSeesTheWholeRecord()
    {
        var (status, body) = await Get("/api/clearance/cqu/20181234", ClearanceApp.CquAdmin);
        var record = JsonDocument.Parse(body).RootElement;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(record.GetProperty("offices").GetArrayLength() > 5);
        Assert.Contains("未还册数", body);
        Assert.Contains("学分学费", body);
        Assert.False(record.GetProperty("hasLoan").GetBoolean());
        Assert.False(record.GetProperty("partyMember").GetBoolean());
        Assert.Equal("A区", record.GetProperty("campus").GetString());
    }

    [Fact]
    public async Task OnlyAnAdministratorReadsTheAuditLog()
    {
        var (office, officeBody) = await Get("/api/clearance/cqu/20181234/audit", ClearanceApp.CquFinance);
        var (admin, adminBody) = await Get("/api/clearance/cqu/20181234/audit", ClearanceApp.CquAdmin);
        var (otherSchool, _) = await Get("/api/clearance/cqu/20181234/audit", ClearanceApp.CumtAdmin);

        Assert.Equal(HttpStatusCode.Forbidden, office);
        Assert.Equal("Administrator key required", JsonDocument.Parse(officeBody).RootElement.GetProperty("title").GetString());
        Assert.DoesNotContain("未还册数", officeBody);
        Assert.Equal(HttpStatusCode.OK, admin);
        Assert.Contains("library", adminBody);
        Assert.Equal(HttpStatusCode.Forbidden, otherSchool);
    }
}
