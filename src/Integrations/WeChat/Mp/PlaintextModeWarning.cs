using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.WeChat.Mp;

/// <summary>
/// Says at start which official accounts run in plaintext mode (<c>Mode: plaintext</c>): their callbacks' signature
/// does not cover the message, so the operator should know and move them to safe mode.
/// </summary>
public sealed partial class PlaintextModeWarning(IOptions<WeChatOptions> options, ILogger<PlaintextModeWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (account, o) in options.Value.Accounts)
        {
            if (o.IsPlaintext) LogPlaintext(logger, account);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat account {Account} runs in plaintext mode (WeChat:Accounts:{Account}:Mode=plaintext): " +
        "the callback signature does not cover the message body. Set an EncodingAESKey and choose safe mode in the console")]
    private static partial void LogPlaintext(ILogger logger, string account);
}
