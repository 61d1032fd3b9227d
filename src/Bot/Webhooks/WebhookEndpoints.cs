using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Mp;
using Clearance.Integrations.WeChat.Work;

namespace Clearance.Bot.Webhooks;

/// <summary>
/// <c>GET/POST /wechat/mp/{account}</c> (official account) and <c>GET/POST /wechat/work/{account}</c> (WeCom app).
/// The host only routes: it reads the body under its cap and hands it to the platform's reader in Integrations
/// (<see cref="MpCallbackReader"/>, <see cref="WeComCallbackReader"/>), which verifies, decrypts and parses it or says
/// why not; an opened callback becomes a turn. Answers are in protocol form, never ProblemDetails.
/// </summary>
public static partial class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/wechat/mp/{account}", VerifyMpUrl).WithName("WeChatMpVerify");
        app.MapPost("/wechat/mp/{account}", ReceiveMpAsync).WithName("WeChatMpReceive");
        app.MapGet("/wechat/work/{account}", VerifyWorkUrl).WithName("WeComVerify");
        app.MapPost("/wechat/work/{account}", ReceiveWorkAsync).WithName("WeComReceive");
        return app;
    }

    public static IResult VerifyMpUrl(string account, HttpRequest request, MpCallbackReader reader) => Verify(reader, account, request);

    public static IResult VerifyWorkUrl(string account, HttpRequest request, WeComCallbackReader reader) => Verify(reader, account, request);

    public static Task<IResult> ReceiveMpAsync(string account, HttpRequest request, [AsParameters] WebhookServices services, CancellationToken cancellationToken) =>
        ReceiveAsync(services.Mp, account, request, services, cancellationToken);

    public static Task<IResult> ReceiveWorkAsync(string account, HttpRequest request, [AsParameters] WebhookServices services, CancellationToken cancellationToken) =>
        ReceiveAsync(services.Work, account, request, services, cancellationToken);

    private static IResult Verify(IWeChatCallbackReader reader, string account, HttpRequest request)
    {
        var verification = reader.VerifyUrl(account, CallbackRequest.Query(request));
        return verification.Refusal is { } refusal
            ? CallbackResponse.From(refusal).ToResult()
            : Results.Text(verification.Echo, "text/plain; charset=utf-8");
    }

    private static async Task<IResult> ReceiveAsync(
        IWeChatCallbackReader reader, string account, HttpRequest request, WebhookServices services, CancellationToken cancellationToken)
    {
        var response = await HandleAsync(reader, account, request, services, cancellationToken);
        if (response.StatusCode >= 400) LogRefused(services.Logger, reader.Channel, account, response.StatusCode, response.Body);
        return response.ToResult();
    }

    private static async Task<CallbackResponse> HandleAsync(
        IWeChatCallbackReader reader, string account, HttpRequest request, WebhookServices services, CancellationToken cancellationToken)
    {
        // Cheapest first: an unknown account costs no body read.
        if (!reader.Knows(account)) return CallbackResponse.From(CallbackRefusal.UnknownAccount);
        var (body, tooLarge) = await CallbackRequest.ReadBodyAsync(request, reader.Settings.MaxBodyBytes, cancellationToken);
        if (tooLarge is not null) return tooLarge;
        var read = reader.Open(account, CallbackRequest.Query(request), body);
        if (read.Refusal is { } refusal) return CallbackResponse.From(refusal);
        var callback = read.Callback!;
        // A WeCom userid may name its student outright (WeCom:UserIdRule); an official account's openid never does.
        var vouched = reader is WeComCallbackReader ? services.WeComUserIds.StudentIdFor(callback.Event.FromUserName) : null;
        var activity = CallbackActivity.From(callback, services.Time, vouched);
        return await services.Runner.RunAsync(callback, activity, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} callback for {Account} refused with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string channel, string account, int status, string reason);
}

/// <summary>What a callback handler needs, bundled so the handlers' signatures say only what the request brings.</summary>
public sealed record WebhookServices(
    MpCallbackReader Mp,
    WeComCallbackReader Work,
    WeComUserIds WeComUserIds,
    CallbackTurnRunner Runner,
    TimeProvider Time,
    ILogger<CallbackTurnRunner> Logger);
