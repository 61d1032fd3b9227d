using System.Globalization;
using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Work;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Webhooks;

/// <summary>
/// <c>GET/POST /wechat/work/{account}</c>: a WeCom app's callback, always encrypted. Order: size → XML envelope →
/// msg_signature → timestamp → decryption (receiveid = CorpID) → replay/dedupe → turn.
/// </summary>
public static partial class WorkWebhookEndpoints
{
    public static IEndpointRouteBuilder MapWorkWebhook(this IEndpointRouteBuilder app)
    {
        app.MapGet("/wechat/work/{account}", VerifyUrl).WithName("WeComVerify");
        app.MapPost("/wechat/work/{account}", ReceiveAsync).WithName("WeComReceive");
        return app;
    }

    /// <summary>URL verification: 4-field signature over echostr, decrypt, check CorpID, answer the bare plaintext.</summary>
    public static IResult VerifyUrl(string account, HttpRequest request, WebhookAccounts accounts)
    {
        if (accounts.Work(account) is not { } app) return CallbackRequest.UnknownAccount.ToResult();
        var signature = CallbackRequest.Query(request, "msg_signature");
        var timestamp = CallbackRequest.Query(request, "timestamp");
        var nonce = CallbackRequest.Query(request, "nonce");
        // Base64 has no spaces: a '+' that reached us unencoded was turned into one by query decoding.
        var echostr = CallbackRequest.Query(request, "echostr")?.Replace(' ', '+');
        if (signature is null || timestamp is null || nonce is null || echostr is null)
            return CallbackRequest.BadRequest("msg_signature, timestamp, nonce and echostr are required").ToResult();
        if (!app.Crypto.VerifySignature(signature, timestamp, nonce, echostr)) return CallbackRequest.Unauthorized.ToResult();
        var decrypted = app.Crypto.Decrypt(echostr);
        if (decrypted.Failure == WeChatCryptoFailure.ReceiveIdMismatch) return CallbackRequest.Forbidden("encrypted for another CorpID").ToResult();
        if (!decrypted.IsSuccess) return CallbackRequest.BadRequest("cannot decrypt echostr").ToResult();
        // "不能加引号，不能带bom头，不能带换行符": the plaintext exactly.
        return Results.Text(decrypted.Message!, "text/plain; charset=utf-8");
    }

    public static async Task<IResult> ReceiveAsync(
        string account,
        HttpRequest request,
        WebhookAccounts accounts,
        CallbackTurnRunner runner,
        IWeComClient client,
        IOptions<WeComOptions> options,
        TimeProvider time,
        ILogger<CallbackTurnRunner> logger,
        CancellationToken cancellationToken)
    {
        var response = await HandleAsync(account, request, accounts, runner, client, options.Value, time, cancellationToken);
        if (response.StatusCode >= 400) LogRefused(logger, account, response.StatusCode, response.Body);
        return response.ToResult();
    }

    private static async Task<CallbackResponse> HandleAsync(
        string account, HttpRequest request, WebhookAccounts accounts, CallbackTurnRunner runner, IWeComClient client,
        WeComOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (accounts.Work(account) is not { } app) return CallbackRequest.UnknownAccount;
        var (body, refusal) = await CallbackRequest.ReadBodyAsync(request, options.MaxBodyBytes, cancellationToken);
        if (refusal is not null) return refusal;

        var signature = CallbackRequest.Query(request, "msg_signature");
        var timestamp = CallbackRequest.Query(request, "timestamp");
        var nonce = CallbackRequest.Query(request, "nonce");
        if (signature is null || timestamp is null || nonce is null)
            return CallbackRequest.BadRequest("msg_signature, timestamp and nonce are required");
        // WeCom signs the Encrypt element, so the envelope must be parsed before anything can be checked.
        if (WeChatXml.TryParse(body) is not { } envelope) return CallbackRequest.BadRequest("malformed XML");
        if (envelope["Encrypt"] is not { Length: > 0 } encrypt) return CallbackRequest.BadRequest("Encrypt is missing");
        if (!app.Crypto.VerifySignature(signature, timestamp, nonce, encrypt)) return CallbackRequest.Unauthorized;
        if (!CallbackRequest.IsFresh(timestamp, time, options.ReplayWindowSeconds)) return CallbackRequest.Forbidden("stale timestamp");
        var decrypted = app.Crypto.Decrypt(encrypt);
        if (decrypted.Failure == WeChatCryptoFailure.ReceiveIdMismatch) return CallbackRequest.Forbidden("encrypted for another CorpID");
        if (!decrypted.IsSuccess) return CallbackRequest.BadRequest("cannot decrypt");
        if (WeChatXml.TryParse(decrypted.Message!) is not { } inner || WeChatCallbackParser.Parse(inner) is not { } callback)
            return CallbackRequest.BadRequest("malformed XML inside Encrypt");

        var activity = CallbackActivity.From(callback, "work", app.Name, app.Options.School, time, accounts.StudentIdFor(callback.FromUserName));
        return await runner.RunAsync(new CallbackTurn
        {
            Channel = "work",
            Account = app.Name,
            Timestamp = timestamp,
            Nonce = nonce,
            DedupeKey = callback.DedupeKey,
            Activity = activity,
            // "直接返回200（即以空串为返回包）": WeCom's acknowledgement is an empty body.
            Ack = "",
            RenderText = text =>
            {
                var now = time.GetUtcNow().ToUnixTimeSeconds();
                var xml = new TextMessageReply(callback.FromUserName, app.Options.CorpId, now, text).ToXml();
                return app.Crypto.EncryptReply(xml, now.ToString(CultureInfo.InvariantCulture), nonce).ToXml();
            },
            SendLater = (text, ct) => client.SendTextAsync(app.Name, callback.FromUserName, text, ct),
            Budget = TimeSpan.FromMilliseconds(options.ReplyBudgetMilliseconds),
            ReplayWindow = TimeSpan.FromSeconds(options.ReplayWindowSeconds),
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WeCom callback for {Account} refused with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string account, int status, string reason);
}
