using Clearance.Integrations.ClearanceStatus;
using Clearance.Integrations.Records;
using Clearance.Integrations.Tests.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.Tests.ClearanceStatus;

/// <summary>The HTTP provider against a fake school system on 127.0.0.1:0.</summary>
public sealed class HttpStatusProviderTests : IAsyncLifetime
{
    private WebApplication _fake = null!;
    private TestStore _store = null!;
    private int _requests;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _fake = builder.Build();
        _fake.MapGet("/ok/clearance/{school}/{studentId}", (string studentId) =>
        {
            Interlocked.Increment(ref _requests);
            return Results.Text($$$"""
                {"data":{"items":[
                  {"dept":"图书馆","result":"未通过","memo":"请还书","info":{"未还册数":2,"欠款金额(元)":"0.5"}},
                  {"dept":"财务处","result":"未通过","info":{"rows":[{"year":"2019","item":"学分学费","amount":550}],"total":550}},
                  {"dept":"档案馆","result":"通过"}
                ]},"submittedAt":null,"studentId":"{{{studentId}}}"}
                """, "application/json");
        });
        _fake.MapGet("/slow/clearance/{school}/{studentId}", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            return Results.Ok();
        });
        _fake.MapGet("/broken/clearance/{school}/{studentId}", () => Results.StatusCode(500));
        // Amounts no decimal can hold, as a JSON number and as text.
        _fake.MapGet("/absurd/clearance/{school}/{studentId}", () => Results.Text("""
            {"data":{"items":[{"dept":"财务处","result":"未通过","info":{"rows":[{"year":"2019","item":"学分学费","amount":1e400}],"total":1e400}}]}}
            """, "application/json"));
        _fake.MapGet("/absurd-text/clearance/{school}/{studentId}", () => Results.Text("""
            {"data":{"items":[{"dept":"财务处","result":"未通过","info":{"total":"99999999999999999999999999999999999999"}}]}}
            """, "application/json"));
        _fake.MapGet("/garbage/clearance/{school}/{studentId}", () => Results.Text("<html>维护中</html>", "text/html"));
        await _fake.StartAsync();
        _baseUrl = _fake.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _store = TestStore.Sqlite();
        await _store.Roster.ImportAsync("cumt", [StoreContract.Row("2020010001")], new TestPlan(), "test", default);
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _store.DisposeAsync();
    }

    private HttpStatusProvider Provider(string prefix, double timeoutSeconds = 2)
    {
        var options = new ClearanceOptions
        {
            Provider = "http",
            Http = new HttpStatusOptions
            {
                BaseUrl = $"{_baseUrl}/{prefix}/",
                TimeoutSeconds = timeoutSeconds,
                CacheSeconds = 30,
                Fields = new HttpFieldMapping
                {
                    Offices = "data.items",
                    OfficeId = "dept",
                    Status = "result",
                    Note = "memo",
                    Details = "info",
                    OfficeIds = new() { ["图书馆"] = "library", ["财务处"] = "finance", ["档案馆"] = "archives" },
                },
            },
        };
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        return new HttpStatusProvider(services.GetRequiredService<IHttpClientFactory>(), _store.Roster, Options.Create(options), _store.Clock, NullLogger<HttpStatusProvider>.Instance);
    }

    [Fact]
    public async Task MapsTheSchoolsFieldsAndCachesTheAnswer()
    {
        var provider = Provider("ok");

        var first = await provider.LookupAsync("cumt", "2020010001", default);
        var second = await provider.LookupAsync("cumt", "2020010001", default);

        Assert.Equal(LookupOutcome.Found, first.Outcome);
        var library = first.Record!.Office("library")!;
        Assert.Equal(OfficeState.Pending, library.State);
        Assert.Equal("2", library.Details.Fields["未还册数"]);
        Assert.Equal("请还书", library.Note);
        Assert.Equal(550m, first.Record.Office("finance")!.Details.Total);
        Assert.Equal(new FeeRow("2019", "学分学费", 550m), Assert.Single(first.Record.Office("finance")!.Details.Rows));
        Assert.Equal(OfficeState.Passed, first.Record.Office("archives")!.State);
        Assert.Equal(LookupOutcome.Found, second.Outcome);
        Assert.Equal(1, _requests);

        _store.Clock.Advance(TimeSpan.FromSeconds(31));
        await provider.LookupAsync("cumt", "2020010001", default);
        Assert.Equal(2, _requests);
    }

    [Theory]
    [InlineData("slow")]
    [InlineData("broken")]
    [InlineData("garbage")]
    [InlineData("absurd")]
    [InlineData("absurd-text")]
    public async Task FailuresAreAValueNotAnException(string prefix)
    {
        var provider = Provider(prefix, timeoutSeconds: 0.5);

        var result = await provider.LookupAsync("cumt", "2020010001", default);

        // A slow school system is cut off by the provider's own timeout (it would answer correctly, only late): the
        // outcome says so. How quickly is left to the benchmarks.
        Assert.Equal(LookupOutcome.Unavailable, result.Outcome);
    }

    [Fact]
    public async Task ARosterStoreThatFailsIsUnavailableNotAnException()
    {
        // The "database file" is a folder: opening it fails with a SqliteException, as a corrupt or unreadable file would.
        var folder = Directory.CreateTempSubdirectory("clearance-not-a-db-").FullName;
        var storage = new StorageOptions { Sqlite = folder };
        var contexts = new RecordsDbContextFactory(Options.Create(storage));
        var brokenStore = new RosterStore(contexts, new RecordsSchema(contexts, NullLogger<RecordsSchema>.Instance), _store.Clock);
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var provider = new HttpStatusProvider(services.GetRequiredService<IHttpClientFactory>(), brokenStore,
            Options.Create(new ClearanceOptions { Provider = "http", Http = new HttpStatusOptions { BaseUrl = $"{_baseUrl}/ok/" } }),
            _store.Clock, NullLogger<HttpStatusProvider>.Instance);

        var result = await provider.LookupAsync("cumt", "2020010001", default);

        Assert.Equal(LookupOutcome.Unavailable, result.Outcome);
        Assert.StartsWith("store:", result.Problem);
        Assert.Equal(0, _requests);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task TheCallersCancellationStillPropagates()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Provider("slow").LookupAsync("cumt", "2020010001", cancelled.Token));
    }

    [Fact]
    public async Task AStudentNotOnTheRosterIsNotFoundWithoutAsking()
    {
        var result = await Provider("ok").LookupAsync("cumt", "0000", default);

        Assert.Equal(LookupOutcome.NotFound, result.Outcome);
        Assert.Equal(0, _requests);
    }
}
