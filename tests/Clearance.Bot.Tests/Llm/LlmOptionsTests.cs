using Clearance.Bot.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Clearance.Bot.Tests.Llm;

public sealed class LlmOptionsTests
{
    [Fact]
    public void NoEndpointIsTheDefaultAndValid()
    {
        var options = new LlmOptions();

        Assert.False(options.IsEnabled);
        Assert.Equal(3000, options.TimeoutMilliseconds);
        Assert.True(new LlmOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("llm.example.edu.cn/v1", "m")]
    [InlineData("ftp://llm.example.edu.cn/v1", "m")]
    [InlineData("/v1", "m")]
    [InlineData("https://llm.example.edu.cn/v1", null)]
    [InlineData("https://llm.example.edu.cn/v1", " ")]
    public void AHalfConfiguredModelIsRefused(string endpoint, string? model)
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { Endpoint = endpoint, Model = model });

        Assert.True(result.Failed);
        Assert.Contains("Llm:", result.FailureMessage);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000/v1")]
    [InlineData("https://llm.example.edu.cn/v1")]
    public void AnAbsoluteHttpEndpointWithAModelIsAccepted(string endpoint) =>
        Assert.True(new LlmOptionsValidator().Validate(null, new LlmOptions { Endpoint = endpoint, Model = "qwen" }).Succeeded);

    [Theory]
    [InlineData("Llm:Endpoint", "not a url")]
    [InlineData("Llm:TimeoutMilliseconds", "3001")]
    [InlineData("Llm:MaxPassages", "0")]
    public void TheHostRefusesToStartWithABadLlmSection(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["Llm:Endpoint"] = "http://127.0.0.1:9/v1", ["Llm:Model"] = "m", [key] = value };
        using var host = new BotApplication(settings);

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains(key.Split(':')[1], error.Message);
    }

    [Fact]
    public void WithoutAnEndpointNothingOfSemanticKernelIsRegistered()
    {
        using var host = new BotApplication();
        host.CreateClient().Dispose();

        Assert.Null(host.Services.GetService<GroundedAnswerComposer>());
        Assert.Null(host.Services.GetService<Kernel>());
    }
}
