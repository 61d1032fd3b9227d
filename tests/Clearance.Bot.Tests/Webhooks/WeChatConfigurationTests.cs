using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Tests.Webhooks;

public sealed class WeChatConfigurationTests
{
    [Fact]
    public void WrongEncodingAesKeyStopsTheHostNamingTheKey()
    {
        using var app = new BotApplication(new Dictionary<string, string?>
        {
            ["WeChat:Accounts:bad:School"] = "cqu",
            ["WeChat:Accounts:bad:AppId"] = "wx1",
            ["WeChat:Accounts:bad:Token"] = "t",
            ["WeChat:Accounts:bad:EncodingAESKey"] = "too-short",
            ["WeCom:Apps:staff:School"] = "cqu",
            ["WeCom:Apps:staff:CorpId"] = "ww1",
            ["WeCom:Apps:staff:AgentId"] = "1000002",
            ["WeCom:Apps:staff:EncodingAESKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        });

        // Both sections fail, so the host reports them together (an AggregateException of OptionsValidationException).
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(Flatten(error), e => e is OptionsValidationException);
        Assert.Contains("WeChat:Accounts:bad:EncodingAESKey", error.ToString());
        Assert.Contains("WeCom:Apps:staff:Token is required", error.ToString());
    }

    [Fact]
    public void AccountForASchoolTheKnowledgeBaseDoesNotHaveStopsTheHost()
    {
        using var app = new BotApplication(new Dictionary<string, string?>
        {
            ["WeChat:Accounts:typo:School"] = "cqq",
            ["WeChat:Accounts:typo:AppId"] = "wx1",
            ["WeChat:Accounts:typo:Token"] = "token",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(Flatten(error), e => e is OptionsValidationException);
        Assert.Contains("WeChat:Accounts:typo:School is 'cqq'", error.ToString());
    }

    [Fact]
    public void AnAccountWithoutAKeyStopsTheHostUnlessPlaintextIsNamedAndThenTheStartWarns()
    {
        var account = new Dictionary<string, string?>
        {
            ["WeChat:Accounts:open:School"] = "cqu",
            ["WeChat:Accounts:open:AppId"] = "wx1",
            ["WeChat:Accounts:open:Token"] = "t",
        };
        using (var silent = new BotApplication(account))
        {
            var error = Assert.ThrowsAny<Exception>(() => silent.CreateClient());
            Assert.Contains(Flatten(error), e => e is OptionsValidationException);
            Assert.Contains("WeChat:Accounts:open:EncodingAESKey is required", error.ToString());
            Assert.Contains("WeChat:Accounts:open:Mode", error.ToString());
        }

        var log = new LogCapture();
        using var named = new BotApplication(
            new Dictionary<string, string?>(account) { ["WeChat:Accounts:open:Mode"] = "plaintext" },
            s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log));
        using var client = named.CreateClient();

        Assert.True(log.Has(Microsoft.Extensions.Logging.LogLevel.Warning, "WeChat account open runs in plaintext mode"), log.All);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        yield return e;
        var inner = e is AggregateException a ? a.InnerExceptions : e.InnerException is { } i ? [i] : [];
        foreach (var x in inner.SelectMany(Flatten)) yield return x;
    }
}
