using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Mp;
using Clearance.Integrations.WeChat.Work;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Cli;

/// <summary>
/// <c>menu publish --account NAME</c> (official account) or <c>--app NAME</c> (WeCom app): posts the configured menu
/// (or the default one) and prints the platform's answer.
/// </summary>
public sealed class MenuVerb(
    IOptions<WeChatOptions> mpOptions,
    IOptions<WeComOptions> workOptions,
    IWeChatMpClient mp,
    IWeComClient work) : ICliVerb
{
    public string Name => "menu publish";

    public string Usage => "menu publish --account <name> | --app <name>";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, _) = CliDispatcher.Parse(args);
        WeChatResult result;
        string target;
        if (options.TryGetValue("account", out var account) && mpOptions.Value.Find(account) is { } mpAccount)
        {
            target = $"official account '{account}'";
            result = await mp.CreateMenuAsync(account, CgibinMenuCreateRequest.From(mpAccount.EffectiveMenu), cancellationToken);
        }
        else if (options.TryGetValue("app", out var app) && workOptions.Value.Find(app) is { } workApp)
        {
            target = $"WeCom app '{app}'";
            result = await work.CreateMenuAsync(app, CgibinMenuCreateRequest.From(workApp.EffectiveMenu), cancellationToken);
        }
        else
        {
            await output.WriteLineAsync("usage: " + Usage);
            await output.WriteLineAsync("configured accounts: " + string.Join(", ", mpOptions.Value.Accounts.Keys)
                + "; apps: " + string.Join(", ", workOptions.Value.Apps.Keys));
            return 2;
        }
        await output.WriteLineAsync(result.IsSuccess
            ? $"menu published to {target}"
            : $"menu not published to {target}: {result}");
        return result.IsSuccess ? 0 : 1;
    }
}
