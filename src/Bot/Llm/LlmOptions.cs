using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Llm;

/// <summary>
/// <c>Llm</c>: an OpenAI-compatible chat model that may rephrase what the guides say. Empty <see cref="Endpoint"/>
/// (the default) means no model: the extractive answer is the answer, and nothing of Semantic Kernel is built.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>The longest the model may take for one turn. WeChat drops a passive reply after 5 s; 3 s leaves room for retrieval and the reply.</summary>
    public const int MaxTimeoutMilliseconds = 3_000;

    /// <summary>The OpenAI-compatible base URL, e.g. <c>http://llm.campus.edu.cn/v1</c>; <c>chat/completions</c> is appended to it.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    /// <summary>From the environment (<c>Llm__ApiKey</c>), never appsettings. Campus servers often need none.</summary>
    public string? ApiKey { get; set; }

    [Range(100, MaxTimeoutMilliseconds)]
    public int TimeoutMilliseconds { get; set; } = MaxTimeoutMilliseconds;

    /// <summary>How many retrieved sections the prompt carries; more costs tokens and time for little gain.</summary>
    [Range(1, 8)]
    public int MaxPassages { get; set; } = 4;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Endpoint);

    public TimeSpan Timeout => TimeSpan.FromMilliseconds(TimeoutMilliseconds);
}

/// <summary>A half-configured model stops the host at start, naming the key, rather than failing on a student's question.</summary>
public sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        // No endpoint is the documented "no model" mode, whatever else the section holds.
        if (!options.IsEnabled) return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            failures.Add($"{LlmOptions.SectionName}:Endpoint must be an absolute http(s) URL, e.g. \"https://llm.example.edu.cn/v1\".");
        if (string.IsNullOrWhiteSpace(options.Model))
            failures.Add($"{LlmOptions.SectionName}:Model is required when {LlmOptions.SectionName}:Endpoint is set.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
