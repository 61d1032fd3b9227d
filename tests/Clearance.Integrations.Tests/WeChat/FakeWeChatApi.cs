using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clearance.Integrations.Tests.WeChat;

/// <summary>
/// A local stand-in for api.weixin.qq.com / qyapi.weixin.qq.com on 127.0.0.1 (real HTTP through Kestrel): issues
/// tokens, rejects stale ones with 40014 like the platform, and returns scripted errcodes and latency.
/// </summary>
public sealed class FakeWeChatApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private int _tokenCounter;
    private volatile string _currentToken = "";

    public sealed record Call(string Path, string Query, string Body, string? AccessToken);

    public ConcurrentQueue<Call> Posts { get; } = new();
    public int TokenFetches => Volatile.Read(ref _tokenCounter);
    public int ExpiresIn { get; set; } = 7200;
    public TimeSpan PostLatency { get; set; }
    public TimeSpan TokenLatency { get; set; }
    /// <summary>Every POST answers with this errcode (e.g. 40001 forever) when set; the script comes first.</summary>
    public int? AlwaysErrCode { get; set; }

    private FakeWeChatApi(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    public static async Task<FakeWeChatApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeWeChatApi(app);
        app.MapGet("/cgi-bin/token", fake.IssueTokenAsync);
        app.MapGet("/cgi-bin/gettoken", fake.IssueTokenAsync);
        app.MapPost("/cgi-bin/stable_token", fake.IssueStableTokenAsync);
        app.MapPost("/cgi-bin/{**path}", fake.HandlePostAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>The next POSTs answer with these errcodes, in order; then success.</summary>
    public void Script(params int[] errCodes)
    {
        foreach (var code in errCodes) _script.Enqueue(code);
    }

    private async Task<IResult> IssueTokenAsync(HttpRequest request)
    {
        if (TokenLatency > TimeSpan.Zero) await Task.Delay(TokenLatency);
        var hasCredentials = request.Query.ContainsKey("secret") || request.Query.ContainsKey("corpsecret");
        if (!hasCredentials) return Results.Json(new { errcode = 41004, errmsg = "appsecret missing" });
        var n = Interlocked.Increment(ref _tokenCounter);
        _currentToken = $"token-{n}";
        return Results.Json(new { access_token = _currentToken, expires_in = ExpiresIn });
    }

    /// <summary>The force_refresh flag of every stable_token request, in order.</summary>
    public ConcurrentQueue<bool> StableTokenRequests { get; } = new();

    /// <summary>
    /// Stable token: the same token to every caller while it is valid (normal mode), a new one when forced or when the
    /// current one was expired by a scripted 40001/42001.
    /// </summary>
    private async Task<IResult> IssueStableTokenAsync(HttpRequest request)
    {
        var json = (await System.Text.Json.JsonDocument.ParseAsync(request.Body)).RootElement;
        if (!json.TryGetProperty("secret", out _) || json.GetProperty("grant_type").GetString() != "client_credential")
            return Results.Json(new { errcode = 41004, errmsg = "appsecret missing" });
        var force = json.TryGetProperty("force_refresh", out var f) && f.GetBoolean();
        StableTokenRequests.Enqueue(force);
        if (force || _currentToken is null or "" or "expired")
        {
            var n = Interlocked.Increment(ref _tokenCounter);
            _currentToken = $"stable-{n}";
        }
        return Results.Json(new { access_token = _currentToken, expires_in = ExpiresIn });
    }

    private async Task<IResult> HandlePostAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var token = request.Query["access_token"].ToString();
        Posts.Enqueue(new Call(request.Path, request.QueryString.Value ?? "", body, token));
        if (PostLatency > TimeSpan.Zero) await Task.Delay(PostLatency);
        if (token != _currentToken) return Results.Json(new { errcode = 40014, errmsg = "invalid access_token" });
        int? scripted = _script.TryDequeue(out var next) ? next : AlwaysErrCode;
        if (scripted is { } code && code != 0)
        {
            // 42001/40001 mean the platform no longer takes this token: the next one must come from a refresh.
            if (code is 42001 or 40001) _currentToken = "expired";
            return Results.Json(new { errcode = code, errmsg = "scripted" });
        }
        return Results.Json(new { errcode = 0, errmsg = "ok", msgid = 1000 + Posts.Count });
    }

    public static JsonElement Json(Call call) => JsonDocument.Parse(call.Body).RootElement;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
