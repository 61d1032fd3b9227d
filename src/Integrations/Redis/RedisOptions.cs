using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Clearance.Integrations.Redis;

/// <summary>
/// <c>Redis</c>: empty <see cref="Configuration"/> is embedded mode (state in this process); set, the conversation
/// state, dedupe, locks, rate limits and the token cache live in Redis so several instances agree.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=…</c>; secrets from the environment.</summary>
    public string? Configuration { get; set; }

    /// <summary>Every key starts with this, so one Redis can serve several deployments (or tests) side by side.</summary>
    [Required(AllowEmptyStrings = false)]
    public string KeyPrefix { get; set; } = "clearance:";

    /// <summary>
    /// Connect, sync and async timeout. Short on purpose: a webhook must answer within WeChat's 5 s even when Redis
    /// hangs, so an operation gives up fast and the instance falls back to its own memory (see ResilientSharedState).
    /// </summary>
    [Range(100, 10_000)]
    public int TimeoutMilliseconds { get; set; } = 1_000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>The client configuration: ours for connecting and failing fast, the rest as the string says.</summary>
    public ConfigurationOptions ToClientConfiguration()
    {
        var client = ConfigurationOptions.Parse(Configuration!);
        // The host must start (and answer knowledge questions) while Redis is down; the multiplexer keeps retrying.
        client.AbortOnConnectFail = false;
        client.ConnectTimeout = TimeoutMilliseconds;
        client.SyncTimeout = TimeoutMilliseconds;
        client.AsyncTimeout = TimeoutMilliseconds;
        // The default policy queues commands while disconnected until they time out; failing at once lets the
        // caller degrade immediately instead of spending its 5 s on a queue.
        client.BacklogPolicy = BacklogPolicy.FailFast;
        return client;
    }
}

/// <summary>A configuration string the client cannot read stops the host naming the key, rather than at first use.</summary>
public sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        if (!options.IsConfigured) return ValidateOptionsResult.Success;
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(options.Configuration!);
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail(
                $"{RedisOptions.SectionName}:Configuration is not a valid StackExchange.Redis configuration string ({e.Message}). " +
                "Expected e.g. \"127.0.0.1:6379\" or \"redis:6379,password=…,ssl=true\"; leave it empty for embedded mode.");
        }
        if (parsed.EndPoints.Count == 0)
            return ValidateOptionsResult.Fail($"{RedisOptions.SectionName}:Configuration names no endpoint (host:port).");
        return ValidateOptionsResult.Success;
    }
}
