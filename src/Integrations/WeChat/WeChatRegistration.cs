using Microsoft.Extensions.Hosting;

namespace Clearance.Integrations.WeChat;

/// <summary>WeChat MP and WeCom protocol: options, crypto, outbound API clients (issue 3).</summary>
public static class WeChatRegistration
{
    public static IHostApplicationBuilder AddWeChat(this IHostApplicationBuilder builder) => builder;
}
