using System.Net;
using System.Text;
using System.Text.Json;
using Clearance.Integrations.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>
/// A roster upload is capped at 8 MiB (8,388,608 bytes, about 150,000 rows): past it the API answers 413 with a
/// problem, before reading the body, and imports nothing.
/// </summary>
public sealed class RosterSizeCapTests
{
    private const string Admin = "cqu-roster-cap-admin-01";
    private const string Header = "studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus\n";
    private const int CapBytes = 8 * 1024 * 1024;

    private static BotApplication Host() => new(new Dictionary<string, string?>
    {
        ["Clearance:StaffKeys:0:Key"] = Admin,
        ["Clearance:StaffKeys:0:School"] = "cqu",
        ["Clearance:StaffKeys:0:Office"] = "*",
    });

    /// <summary>A roster of <paramref name="bytes"/> bytes exactly: one good row, then one whose name pads it out.</summary>
    private static byte[] Roster(int bytes)
    {
        const string Rest = ",123456,硕士,正常毕业,A区,false,true\n";
        var head = Encoding.UTF8.GetBytes(Header + "2019000000,学生" + Rest + "2099000000,");
        var tail = Encoding.UTF8.GetBytes(Rest);
        return [.. head, .. Enumerable.Repeat((byte)'x', bytes - head.Length - tail.Length), .. tail];
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/clearance/cqu/students") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("text/csv") { CharSet = "utf-8" };
        request.Headers.Add("X-Api-Key", Admin);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task ARosterOverEightMebibytesIsA413AndNothingIsImported()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var body = Roster(CapBytes + 1);
        Assert.Equal(CapBytes + 1, body.Length);

        using var response = await PostAsync(client, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("8388608 bytes", problem.GetProperty("detail").GetString());
        Assert.Null(await host.Services.GetRequiredService<RosterStore>().FindStudentAsync("cqu", "2019000000", default));
    }

    [Fact]
    public async Task ARosterOfExactlyEightMebibytesIsRead()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var body = Roster(CapBytes);
        Assert.Equal(CapBytes, body.Length);

        using var response = await PostAsync(client, body);

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
