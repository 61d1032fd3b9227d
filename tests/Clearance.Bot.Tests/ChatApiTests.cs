using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Clearance.Bot.Tests;

public sealed class ChatApiTests : IClassFixture<ChatApiTests.App>
{
    public sealed class App : IDisposable
    {
        public BotApplication Host { get; } = new();
        public void Dispose() => Host.Dispose();
    }

    private readonly HttpClient _client;

    public ChatApiTests(App app) => _client = app.Host.CreateClient();

    [Theory]
    [InlineData("{\"school\":\"cqu\",\"text\":\"退宿去哪\"}")]
    [InlineData("{\"userId\":\"u1\",\"text\":\"退宿去哪\"}")]
    [InlineData("{\"userId\":\"u1\",\"school\":\"cqu\"}")]
    [InlineData("{\"userId\":\"u1\",\"school\":\"cqu\",\"text\":\"   \"}")]
    [InlineData("{\"userId\":\"u1\",\"school\":\"mit\",\"text\":\"退宿去哪\"}")]
    [InlineData("{\"userId\":\"u1\",\"school\":\"cqu\",\"text\":")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task BadChatRequestsGetProblemDetails(string body)
    {
        var response = await _client.PostAsync("/api/chat", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TenKilobyteTextIsRefusedWithProblemDetails()
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { userId = "u1", school = "cqu", text = new string('离', 10 * 1024 / 3) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(10 * 1024)]
    [InlineData(10_000)]
    public async Task OverlongTextWrittenAsAsciiEscapesIsStillAProblemAboutTheText(int characters)
    {
        // What a client that escapes every non-ASCII character sends: six bytes per character.
        var escaped = string.Concat(Enumerable.Repeat("\\u79bb", characters));
        var json = $"{{\"userId\":\"u1\",\"school\":\"cqu\",\"text\":\"{escaped}\"}}";

        var response = await _client.PostAsync("/api/chat", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("text", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EmptyTextIsAProblem()
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { userId = "u1", school = "cqu", text = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HealthzReportsHealthy()
    {
        var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Healthy", await response.Content.ReadAsStringAsync());
    }
}
