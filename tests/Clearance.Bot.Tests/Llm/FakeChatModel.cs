using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clearance.Bot.Tests.Llm;

/// <summary>One chat-completion request as the fake model received it.</summary>
public sealed record ModelRequest(string Path, string? Authorization, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The request's messages as (role, content) pairs, tool results included.</summary>
    public IReadOnlyList<(string Role, string Content)> Messages =>
        [.. Json.GetProperty("messages").EnumerateArray().Select(m => (
            m.GetProperty("role").GetString()!,
            m.TryGetProperty("content", out var c) ? ContentText(c) : ""))];

    public bool IsRewrite => Messages.Any(m => m.Role == "system" && m.Content.Contains("改写", StringComparison.Ordinal));

    public bool HasToolResult => Messages.Any(m => m.Role == "tool");

    private static string ContentText(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : "")),
        _ => "",
    };
}

/// <summary>
/// A minimal OpenAI-compatible server on Kestrel at 127.0.0.1 and a free port: real HTTP, so the Semantic Kernel
/// connector, its serializer and our HttpClient all run as in production. Each test sets <see cref="Behaviour"/>.
/// The SK OpenAI connector with a custom endpoint posts to <c>{endpoint}/chat/completions</c>; the endpoint we
/// configure ends in <c>/v1</c>, so only <c>POST /v1/chat/completions</c> is served and every request is recorded.
/// </summary>
public sealed class FakeChatModel : IAsyncDisposable
{
    public delegate Task Responder(ModelRequest request, HttpContext context);

    private readonly WebApplication _app;

    private FakeChatModel(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>What to set as <c>Llm:Endpoint</c>.</summary>
    public Uri Endpoint { get; }

    public ConcurrentQueue<ModelRequest> Requests { get; } = new();

    public Responder Behaviour { get; set; } = Answer("");

    public static async Task<FakeChatModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeChatModel? model = null;
        app.Map("{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new ModelRequest(context.Request.Path, context.Request.Headers.Authorization.ToString(), await reader.ReadToEndAsync());
            model!.Requests.Enqueue(request);
            if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/v1/chat/completions")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await model.Behaviour(request, context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        model = new FakeChatModel(app, new Uri(address.TrimEnd('/') + "/v1"));
        return model;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>A finished completion with this text.</summary>
    public static Responder Answer(string text) => (_, context) => WriteJson(context, Completion(new { role = "assistant", content = text }, "stop"));

    /// <summary>The first request gets a call of the status function; the one carrying its result gets <paramref name="text"/>.</summary>
    public static Responder CallsStatusThenAnswers(string text) => CallsThenAnswers("ClearanceStatus-GetMyClearanceStatus", "{}", text);

    /// <summary>
    /// The first request gets a call of <paramref name="function"/> (SK's <c>Plugin-Function</c> name) with
    /// <paramref name="arguments"/> (JSON); the one carrying its result gets <paramref name="text"/>.
    /// </summary>
    public static Responder CallsThenAnswers(string function, string arguments, string text) => (request, context) => request.HasToolResult
        ? Answer(text)(request, context)
        : WriteJson(context, Completion(new
        {
            role = "assistant",
            content = (string?)null,
            tool_calls = new[]
            {
                new { id = "call_1", type = "function", function = new { name = function, arguments } },
            },
        }, "tool_calls"));

    /// <summary>Rewrite requests get <paramref name="standalone"/>, composition requests <paramref name="text"/>.</summary>
    public static Responder RewritesThenAnswers(string standalone, string text) => (request, context) =>
        request.IsRewrite ? Answer(standalone)(request, context) : Answer(text)(request, context);

    /// <summary>Never answers (until the client gives up or the server stops).</summary>
    public static Responder Hangs() => async (_, context) =>
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (TaskCanceledException)
        {
            // The client gave up: exactly what the test wants to see.
        }
    };

    public static Responder Fails(int statusCode) => (_, context) =>
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(new { error = new { message = "model overloaded", type = "server_error" } });
    };

    public static Responder Malformed() => (_, context) =>
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\"退宿在");
    };

    private static object Completion(object message, string finishReason) => new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion",
        created = 1_767_225_600,
        model = "fake-model",
        choices = new[] { new { index = 0, message, finish_reason = finishReason } },
        usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
    };

    private static Task WriteJson(HttpContext context, object body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
