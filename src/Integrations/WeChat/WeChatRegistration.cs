using Clearance.Integrations.WeChat.Mp;
using Clearance.Integrations.WeChat.Work;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.WeChat;

/// <summary>WeChat MP and WeCom protocol: options, callback readers (verify, decrypt, parse), outbound API clients (issue 3).</summary>
public static class WeChatRegistration
{
    public static IHostApplicationBuilder AddWeChat(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WeComOptions>().BindConfiguration(WeComOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeComOptions>, WeChatOptionsValidator>());

        services.TryAddSingleton<WeChatAccessTokenCache>();
        services.TryAddSingleton<WeChatApiCaller>();
        // The token endpoints carry the app secret in the query string: keep the factory's request logging out of it.
        services.AddHttpClient(WeChatMpClient.HttpClientName, (sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<WeChatOptions>>().Value;
                http.BaseAddress = new Uri(o.ApiBaseUrl);
                http.Timeout = TimeSpan.FromSeconds(o.Api.TimeoutSeconds);
            })
            .RemoveAllLoggers();
        services.AddHttpClient(WeComClient.HttpClientName, (sp, http) =>
            {
                http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<WeComOptions>>().Value.ApiBaseUrl);
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WeChatOptions>>().Value.Api.TimeoutSeconds);
            })
            .RemoveAllLoggers();
        services.TryAddSingleton<IWeChatMpClient, WeChatMpClient>();
        services.TryAddSingleton<IWeComClient, WeComClient>();
        services.TryAddSingleton<MpCallbackReader>();
        services.AddHostedService<PlaintextModeWarning>();
        services.TryAddSingleton<WeComCallbackReader>();
        return builder;
    }
}
