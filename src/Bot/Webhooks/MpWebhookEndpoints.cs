using System.Globalization;
using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Mp;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Webhooks;

/// <summary>
/// <c>GET/POST /wechat/mp/{account}</c>: the official account's callback in plaintext, compatible and safe mode.
/// Checks run cheapest-first and nothing is processed before the signature holds: size → signature → timestamp →
/// mode (an account with a key takes no plaintext) → XML → msg_signature and decryption (receiveid) → replay/dedupe → turn.
/// </summary>
public static partial class MpWebhookEndpoints
{
    public static IEndpointRouteBuilder MapMpWebhook(this IEndpointRouteBuilder app)
    {
        app.MapGet("/wechat/mp/{account}", VerifyUrl).WithName("WeChatMpVerify");
        app.MapPost("/wechat/mp/{account}", ReceiveAsync).WithName("WeChatMpReceive");
        return app;
    }

    /// <summary>URL verification: the 3-field signature, then <c>echostr</c> back verbatim (MP never encrypts it).</summary>
    public static IResult VerifyUrl(string account, HttpRequest request, WebhookAccounts accounts)
    {
        if (accounts.Mp(account) is not { } mp) return CallbackRequest.UnknownAccount.ToResult();
        var signature = CallbackRequest.Query(request, "signature");
        var timestamp = CallbackRequest.Query(request, "timestamp");
        var nonce = CallbackRequest.Query(request, "nonce");
        var echostr = CallbackRequest.Query(request, "echostr");
        if (signature is null || timestamp is null || nonce is null || echostr is null)
            return CallbackRequest.BadRequest("signature, timestamp, nonce and echostr are required").ToResult();
        if (!WeChatSignature.Matches(signature, mp.Options.Token, timestamp, nonce))
            return CallbackRequest.Unauthorized.ToResult();
        return Results.Text(echostr, "text/plain; charset=utf-8");
    }

    public static async Task<IResult> ReceiveAsync(
        string account,
        HttpRequest request,
        WebhookAccounts accounts,
        CallbackTurnRunner runner,
        IWeChatMpClient client,
        IOptions<WeChatOptions> options,
        TimeProvider time,
        ILogger<CallbackTurnRunner> logger,
        CancellationToken cancellationToken)
    {
        var response = await HandleAsync(account, request, accounts, runner, client, options.Value, time, cancellationToken);
        if (response.StatusCode >= 400) LogRefused(logger, account, response.StatusCode, response.Body);
        return response.ToResult();
    }

    private static async Task<CallbackResponse> HandleAsync(
        string account, HttpRequest request, WebhookAccounts accounts, CallbackTurnRunner runner, IWeChatMpClient client,
        WeChatOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (accounts.Mp(account) is not { } mp) return CallbackRequest.UnknownAccount;
        var (body, refusal) = await CallbackRequest.ReadBodyAsync(request, options.MaxBodyBytes, cancellationToken);
        if (refusal is not null) return refusal;

        var signature = CallbackRequest.Query(request, "signature");
        var timestamp = CallbackRequest.Query(request, "timestamp");
        var nonce = CallbackRequest.Query(request, "nonce");
        if (signature is null || timestamp is null || nonce is null)
            return CallbackRequest.BadRequest("signature, timestamp and nonce are required");
        if (!WeChatSignature.Matches(signature, mp.Options.Token, timestamp, nonce)) return CallbackRequest.Unauthorized;
        if (!CallbackRequest.IsFresh(timestamp, time, options.ReplayWindowSeconds)) return CallbackRequest.Forbidden("stale timestamp");

        var encryptType = CallbackRequest.Query(request, "encrypt_type");
        var encrypted = string.Equals(encryptType, "aes", StringComparison.OrdinalIgnoreCase);
        if (!encrypted && encryptType is not null && !string.Equals(encryptType, "raw", StringComparison.OrdinalIgnoreCase))
            return CallbackRequest.BadRequest("encrypt_type must be raw or aes");
        if (!encrypted && mp.Crypto is not null && !mp.Options.AcceptPlaintext)
            return CallbackRequest.Forbidden("plaintext callback refused: this account is configured for encrypted mode");

        if (WeChatXml.TryParse(body) is not { } fields) return CallbackRequest.BadRequest("malformed XML");
        var callbackFields = fields;
        if (encrypted)
        {
            // Compatible mode also carries plain fields; only the authenticated Encrypt part is trusted.
            if (mp.Crypto is null) return CallbackRequest.BadRequest("this account has no EncodingAESKey configured");
            if (fields["Encrypt"] is not { Length: > 0 } encrypt) return CallbackRequest.BadRequest("Encrypt is missing");
            if (!mp.Crypto.VerifySignature(CallbackRequest.Query(request, "msg_signature"), timestamp, nonce, encrypt))
                return CallbackRequest.Unauthorized;
            var decrypted = mp.Crypto.Decrypt(encrypt);
            if (decrypted.Failure == WeChatCryptoFailure.ReceiveIdMismatch) return CallbackRequest.Forbidden("encrypted for another AppID");
            if (!decrypted.IsSuccess) return CallbackRequest.BadRequest("cannot decrypt");
            if (WeChatXml.TryParse(decrypted.Message!) is not { } inner) return CallbackRequest.BadRequest("malformed XML inside Encrypt");
            callbackFields = inner;
        }
        if (WeChatCallbackParser.Parse(callbackFields) is not { } callback) return CallbackRequest.BadRequest("not a WeChat callback");

        var activity = CallbackActivity.From(callback, "mp", mp.Name, mp.Options.School, time);
        return await runner.RunAsync(new CallbackTurn
        {
            Channel = "mp",
            Account = mp.Name,
            Timestamp = timestamp,
            Nonce = nonce,
            DedupeKey = callback.DedupeKey,
            Activity = activity,
            Ack = "success",
            RenderText = text => Render(mp, callback, text, encrypted, nonce, time),
            SendLater = (text, ct) => client.SendTextAsync(mp.Name, callback.FromUserName, text, ct),
            Budget = TimeSpan.FromMilliseconds(options.ReplyBudgetMilliseconds),
            ReplayWindow = TimeSpan.FromSeconds(options.ReplayWindowSeconds),
        }, cancellationToken);
    }

    /// <summary>A text reply; in compatible and safe mode inside the encrypted envelope, signed with our own timestamp.</summary>
    private static string Render(MpAccount mp, WeChatCallbackEvent callback, string text, bool encrypted, string nonce, TimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var xml = new TextMessageReply(callback.FromUserName, callback.ToUserName, now, text).ToXml();
        return encrypted ? mp.Crypto!.EncryptReply(xml, now.ToString(CultureInfo.InvariantCulture), nonce).ToXml() : xml;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MP callback for {Account} refused with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string account, int status, string reason);
}
