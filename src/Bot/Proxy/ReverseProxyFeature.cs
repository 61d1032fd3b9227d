using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Clearance.Bot.Proxy;

/// <summary>
/// <c>ForwardedHeaders</c>: the instances behind nginx see nginx's address and plain http. With this on, the
/// <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> that a trusted proxy sets become the request's client address and
/// scheme (so the per-address limits count clients, not the proxy). Off by default: a
/// service reached directly must not take a client's word for its address.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies whose headers are believed, e.g. <c>10.0.0.7</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR form, e.g. <c>172.16.0.0/12</c> for a docker network.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Proxies in a row in front of the service (nginx alone: 1).</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;
}

public sealed class ReverseProxyOptionsValidator : IValidateOptions<ReverseProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ReverseProxyOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
                failures.Add($"ForwardedHeaders:KnownProxies:{i} '{options.KnownProxies[i]}' is not an IP address.");
        }
        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
                failures.Add($"ForwardedHeaders:KnownNetworks:{i} '{options.KnownNetworks[i]}' is not a network in CIDR form (e.g. 172.16.0.0/12).");
        }
        // Without either only loopback is trusted, which behind a proxy on another host or container trusts nothing:
        // the headers would be silently ignored.
        if (options.Enabled && options.KnownProxies.Count == 0 && options.KnownNetworks.Count == 0)
            failures.Add("ForwardedHeaders:Enabled needs ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks naming the proxy.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class ReverseProxyFeature
{
    public static IHostApplicationBuilder AddReverseProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReverseProxyOptions>()
            .BindConfiguration(ReverseProxyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ReverseProxyOptions>, ReverseProxyOptionsValidator>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
        {
            var o = proxy.Value;
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = o.ForwardLimit;
            // Ours replace the framework's default (loopback only), so only what the operator named is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in o.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in o.KnownNetworks) forwarded.KnownIPNetworks.Add(IPNetwork.Parse(network));
        });
        return builder;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseReverseProxy(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ReverseProxyOptions>>().Value.Enabled) app.UseForwardedHeaders();
        return app;
    }
}
