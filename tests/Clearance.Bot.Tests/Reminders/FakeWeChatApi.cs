using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clearance.Bot.Tests.Reminders;

/// <summary>
/// A local stand-in for api.weixin.qq.com and qyapi.weixin.qq.com on Kestrel 127.0.0.1: tokens, MP template messages
/// (deduplicated by openid + client_msg_id, as WeChat does for 10 minutes) and WeCom app messages (deduplicated when
/// enable_duplicate_check is set). It counts every request and every message a user would actually see, and can be
/// told to answer errcodes, to enforce a per-second rate, or to take K messages and then stall like a dying process.
/// </summary>
public sealed class FakeWeChatApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _seenKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _delivered = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<JsonElement> _messages = new();
    private readonly Lock _rateGate = new();
    private long _rateSecond;
    private int _rateCount;
    private int _requests;
    private int _deliveredTotal;
    private int _refused;

    private FakeWeChatApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>An errcode for a recipient (by openid / userid), or null to accept.</summary>
    public Func<string, int?> ErrorFor { get; set; } = _ => null;

    /// <summary>After this many delivered messages, the next one is taken (counted as delivered) and never answered.</summary>
    public int? StallAfter { get; set; }

    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Requests per wall-clock second before 45011 (minute quota) answers; 0 = unlimited.</summary>
    public int RatePerSecond { get; set; }

    /// <summary>Send requests received (including duplicates and refusals).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Messages a user would see: first arrivals only.</summary>
    public int DeliveredTotal => Volatile.Read(ref _deliveredTotal);

    public int RefusedByRate => Volatile.Read(ref _refused);

    /// <summary>Messages seen per recipient.</summary>
    public IReadOnlyDictionary<string, int> DeliveredTo => _delivered;

    public IReadOnlyList<JsonElement> Messages => [.. _messages];

    public static async Task<FakeWeChatApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeWeChatApi(app);
        app.MapGet("/cgi-bin/token", () => Results.Text("{\"access_token\":\"fake-mp-token\",\"expires_in\":7200}", "application/json"));
        app.MapGet("/cgi-bin/gettoken", () => Results.Text("{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"fake-work-token\",\"expires_in\":7200}", "application/json"));
        app.MapPost("/cgi-bin/message/template/send", (Delegate)((HttpContext http) => fake.ReceiveAsync(http, work: false)));
        app.MapPost("/cgi-bin/message/send", (Delegate)((HttpContext http) => fake.ReceiveAsync(http, work: true)));
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First();
        return fake;
    }

    private async Task<IResult> ReceiveAsync(HttpContext http, bool work)
    {
        Interlocked.Increment(ref _requests);
        if (RatePerSecond > 0 && !TakeRate()) return Error(45011, "api minute-quota reach limit");
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
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
        return Results.Text($"{{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":{Requests}}}", "application/json");
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
