using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clearance.TestSupport;

/// <summary>
/// The one local stand-in for api.weixin.qq.com and qyapi.weixin.qq.com, on Kestrel at 127.0.0.1 (real HTTP). Tokens:
/// issued per platform (official account: <c>token</c>, <c>stable_token</c>; WeCom: <c>gettoken</c>), a stale one
/// refused with 40014 like the platform. Every POST is logged and may be scripted (errcodes, latency). Messages
/// (template, app message) are deduplicated as the platform does — by openid + client_msg_id, and by content when
/// enable_duplicate_check is set — and counted as a user would see them; they can be refused per recipient or by a
/// per-second rate, or taken K at a time and then stalled like a dying process. Because that de-duplication would hide
/// a bot that sends twice, every message request is also kept as received (<see cref="MessageRequests"/>,
/// <see cref="RequestsTo"/>): "sent once" is asserted on those, "seen once" on the deliveries.
/// </summary>
public sealed class FakeWeChatApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly ConcurrentDictionary<string, byte> _seenKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _delivered = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<JsonElement> _messages = new();
    private readonly ConcurrentQueue<JsonElement> _messageRequests = new();
    private readonly Lock _rateGate = new();
    private long _rateSecond;
    private int _rateCount;
    private int _requests;
    private int _deliveredTotal;
    private int _refused;
    private int _tokenCounter;
    private volatile string _mpToken = "";
    private volatile string _workToken = "";

    public sealed record Call(string Path, string Query, string Body, string? AccessToken);

    private FakeWeChatApi(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    // --- tokens and scripted answers ---------------------------------------------------------------------------------

    public int TokenFetches => Volatile.Read(ref _tokenCounter);
    public int ExpiresIn { get; set; } = 7200;
    public TimeSpan PostLatency { get; set; }
    public TimeSpan TokenLatency { get; set; }
    /// <summary>Every POST answers with this errcode (e.g. 40001 forever) when set; the script comes first.</summary>
    public int? AlwaysErrCode { get; set; }
    /// <summary>Every POST, in order.</summary>
    public ConcurrentQueue<Call> Posts { get; } = new();
    /// <summary>The force_refresh flag of every stable_token request, in order.</summary>
    public ConcurrentQueue<bool> StableTokenRequests { get; } = new();

    /// <summary>The next POSTs answer with these errcodes, in order; then success.</summary>
    public void Script(params int[] errCodes)
    {
        foreach (var code in errCodes) _script.Enqueue(code);
    }

    // --- messages as users see them ----------------------------------------------------------------------------------

    /// <summary>An errcode for a recipient (by openid / userid), or null to accept.</summary>
    public Func<string, int?> ErrorFor { get; set; } = _ => null;

    /// <summary>After this many delivered messages, the next one is taken (counted as delivered) and never answered.</summary>
    public int? StallAfter { get; set; }

    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Message requests per wall-clock second before 45011 (minute quota) answers; 0 = unlimited.</summary>
    public int RatePerSecond { get; set; }

    /// <summary>Message requests received (including duplicates and refusals).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Messages a user would see: first arrivals only.</summary>
    public int DeliveredTotal => Volatile.Read(ref _deliveredTotal);

    public int RefusedByRate => Volatile.Read(ref _refused);

    /// <summary>Messages seen per recipient.</summary>
    public IReadOnlyDictionary<string, int> DeliveredTo => _delivered;

    public IReadOnlyList<JsonElement> Messages => [.. _messages];

    /// <summary>Every message request's body as the bot sent it, in order: duplicates, refusals and retries included.</summary>
    public IReadOnlyList<JsonElement> MessageRequests => [.. _messageRequests];

    /// <summary>The message requests addressed to one recipient (openid / userid), however the platform answered them.</summary>
    public IReadOnlyList<JsonElement> RequestsTo(string recipient) =>
        [.. _messageRequests.Where(m => m.TryGetProperty("touser", out var to) && to.GetString() == recipient)];

    public static async Task<FakeWeChatApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeWeChatApi(app);
        app.MapGet("/cgi-bin/token", (HttpRequest request) => fake.IssueTokenAsync(request, work: false));
        app.MapGet("/cgi-bin/gettoken", (HttpRequest request) => fake.IssueTokenAsync(request, work: true));
        app.MapPost("/cgi-bin/stable_token", fake.IssueStableTokenAsync);
        app.MapPost("/cgi-bin/{**path}", (Delegate)((HttpContext http) => fake.HandlePostAsync(http)));
        await app.StartAsync();
        return fake;
    }

    public static JsonElement Json(Call call) => JsonDocument.Parse(call.Body).RootElement;

    private async Task<IResult> IssueTokenAsync(HttpRequest request, bool work)
    {
        if (TokenLatency > TimeSpan.Zero) await Task.Delay(TokenLatency);
        var hasCredentials = request.Query.ContainsKey("secret") || request.Query.ContainsKey("corpsecret");
        if (!hasCredentials) return Results.Json(new { errcode = 41004, errmsg = "appsecret missing" });
        var token = $"token-{Interlocked.Increment(ref _tokenCounter)}";
        if (work) _workToken = token;
        else _mpToken = token;
        return Results.Json(new { access_token = token, expires_in = ExpiresIn });
    }

    /// <summary>
    /// Stable token: the same token to every caller while it is valid (normal mode), a new one when forced or when the
    /// current one was expired by a scripted 40001/42001.
    /// </summary>
    private async Task<IResult> IssueStableTokenAsync(HttpRequest request)
    {
        var json = (await JsonDocument.ParseAsync(request.Body)).RootElement;
        if (!json.TryGetProperty("secret", out _) || json.GetProperty("grant_type").GetString() != "client_credential")
            return Results.Json(new { errcode = 41004, errmsg = "appsecret missing" });
        var force = json.TryGetProperty("force_refresh", out var f) && f.GetBoolean();
        StableTokenRequests.Enqueue(force);
        if (force || _mpToken is "" or "expired") _mpToken = $"stable-{Interlocked.Increment(ref _tokenCounter)}";
        return Results.Json(new { access_token = _mpToken, expires_in = ExpiresIn });
    }

    private async Task<IResult> HandlePostAsync(HttpContext http)
    {
        var request = http.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var token = request.Query["access_token"].ToString();
        Posts.Enqueue(new Call(request.Path, request.QueryString.Value ?? "", body, token));
        if (PostLatency > TimeSpan.Zero) await Task.Delay(PostLatency);
        var message = request.Path.Value is "/cgi-bin/message/template/send" or "/cgi-bin/message/send";
        if (message)
        {
            Interlocked.Increment(ref _requests);
            try
            {
                _messageRequests.Enqueue(JsonDocument.Parse(body).RootElement.Clone());
            }
            catch (JsonException)
            {
                // Kept as a string so a malformed body still counts as sent.
                _messageRequests.Enqueue(JsonDocument.Parse(JsonSerializer.Serialize(body)).RootElement.Clone());
            }
            if (RatePerSecond > 0 && !TakeRate()) return Error(45011, "api minute-quota reach limit");
        }
        if (token.Length == 0 || (token != _mpToken && token != _workToken)) return Error(40014, "invalid access_token");
        int? scripted = _script.TryDequeue(out var next) ? next : AlwaysErrCode;
        if (scripted is { } code && code != 0)
        {
            // 42001/40001 mean the platform no longer takes this token: the next one must come from a refresh.
            if (code is 42001 or 40001)
            {
                if (token == _mpToken) _mpToken = "expired";
                if (token == _workToken) _workToken = "expired";
            }
            return Error(code, "scripted");
        }
        if (message) return await ReceiveMessageAsync(http, body, work: request.Path.Value == "/cgi-bin/message/send");
        return Results.Json(new { errcode = 0, errmsg = "ok", msgid = 1000 + Posts.Count });
    }

    private async Task<IResult> ReceiveMessageAsync(HttpContext http, string body, bool work)
    {
        var json = JsonDocument.Parse(body).RootElement.Clone();
        var to = json.GetProperty("touser").GetString()!;
        if (ErrorFor(to) is { } code) return Error(code, "scripted");
        var key = work
            ? json.TryGetProperty("enable_duplicate_check", out var check) && check.GetInt32() == 1 ? "work:" + body : null
            : json.TryGetProperty("client_msg_id", out var id) && id.GetString() is { Length: > 0 } clientMsgId ? $"mp:{to}:{clientMsgId}" : null;
        // A repeated key is accepted and dropped, which is what makes re-sending an abandoned delivery safe.
        if (key is null || _seenKeys.TryAdd(key, 0))
        {
            _messages.Enqueue(json);
            _delivered.AddOrUpdate(to, 1, (_, n) => n + 1);
            var total = Interlocked.Increment(ref _deliveredTotal);
            if (StallAfter is { } k && total > k)
            {
                Stalled.TrySetResult();
                await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.Empty;
            }
        }
        return Results.Text($"{{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":{1000 + Posts.Count}}}", "application/json");
    }

    private bool TakeRate()
    {
        // Wall-clock seconds, like the platform's own quota windows.
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        lock (_rateGate)
        {
            if (second != _rateSecond)
            {
                _rateSecond = second;
                _rateCount = 0;
            }
            if (++_rateCount <= RatePerSecond) return true;
        }
        Interlocked.Increment(ref _refused);
        return false;
    }

    private static IResult Error(int code, string message) =>
        Results.Text($"{{\"errcode\":{code},\"errmsg\":\"{message}\"}}", "application/json");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
