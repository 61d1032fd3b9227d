using Clearance.Bot.Dialogs;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Clearance.Bot.Llm;

public static class LlmRegistration
{
    public const string HttpClientName = "llm";

    /// <summary>
    /// Options always (so a bad <c>Llm</c> section stops the host at start); the kernel and the composer only when
    /// <c>Llm:Endpoint</c> is set, so without a model nothing of Semantic Kernel is built and
    /// <see cref="KnowledgeDialog"/> gets no composer.
    /// </summary>
    public static IHostApplicationBuilder AddLlm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{LlmOptions.SectionName}:{nameof(LlmOptions.Endpoint)}"]))
            return builder;

        builder.Services.AddHttpClient(HttpClientName, (sp, client) =>
            {
                // A backstop only: the composer's own budget (linked to the request) cancels first.
                client.Timeout = sp.GetRequiredService<IOptions<LlmOptions>>().Value.Timeout + TimeSpan.FromSeconds(1);
            })
            // The connector keeps its HttpClient for the app's life, so the factory's handler rotation never happens;
            // a bounded connection lifetime still picks up DNS changes of the model server.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            var kernel = Kernel.CreateBuilder();
            kernel.Services.AddSingleton(sp.GetRequiredService<ILoggerFactory>());
            // The OpenAI connector with a custom endpoint speaks to any OpenAI-compatible server: it posts to
            // {Endpoint}/chat/completions. With our HttpClient it also turns its own retries off, which the budget needs.
            kernel.AddOpenAIChatCompletion(
                modelId: options.Model!,
                endpoint: new Uri(options.Endpoint!),
                apiKey: string.IsNullOrWhiteSpace(options.ApiKey) ? null : options.ApiKey,
                httpClient: sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName));
            return kernel.Build();
        });
        builder.Services.AddScoped<ModelTurn>();
        builder.Services.AddSingleton<GroundedAnswerComposer>();
        return builder;
    }
}
