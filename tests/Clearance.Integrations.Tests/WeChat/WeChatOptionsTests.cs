using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Work;

namespace Clearance.Integrations.Tests.WeChat;

public sealed class WeChatOptionsTests
{
    private readonly WeChatOptionsValidator _validator = new();

    [Fact]
    public void NoAccountsIsValid()
    {
        Assert.True(_validator.Validate(null, new WeChatOptions()).Succeeded);
        Assert.True(_validator.Validate(null, new WeComOptions()).Succeeded);
    }

    [Fact]
    public void ErrorsNameTheKey()
    {
        var options = new WeChatOptions();
        options.Accounts["demo"] = new WeChatAccountOptions { School = "", AppId = "wx1", Token = "", EncodingAESKey = "short" };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("WeChat:Accounts:demo:School is required.", result.Failures!);
        Assert.Contains("WeChat:Accounts:demo:Token is required.", result.Failures!);
        Assert.Contains(result.Failures!, f => f.StartsWith("WeChat:Accounts:demo:EncodingAESKey", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateFieldNamesMustBeIdentifiersUsedOnce()
    {
        var options = new WeChatOptions();
        options.Accounts["demo"] = new WeChatAccountOptions
        {
            School = "cqu", AppId = "wx1", Token = "t",
            TemplateFields = new TemplateFieldNames { Title = "keyword1", Date = "{{keyword2.DATA}}", Hint = "keyword1" },
        };
        options.Accounts["none"] = new WeChatAccountOptions
        {
            School = "cqu", AppId = "wx2", Token = "t",
            TemplateFields = new TemplateFieldNames { Title = "", Date = null, Hint = " " },
        };

        var failures = _validator.Validate(null, options).Failures!;

        Assert.Contains(failures, f => f.StartsWith("WeChat:Accounts:demo:TemplateFields:Date '{{keyword2.DATA}}'", StringComparison.Ordinal));
        Assert.Contains("WeChat:Accounts:demo:TemplateFields: Title and Hint both use 'keyword1'.", failures);
        Assert.Contains(failures, f => f.StartsWith("WeChat:Accounts:none:TemplateFields: at least one", StringComparison.Ordinal));
        Assert.True(_validator.Validate(null, new WeChatOptions
        {
            Accounts = { ["ok"] = new WeChatAccountOptions { School = "cqu", AppId = "wx3", Token = "t", Mode = "plaintext", TemplateFields = new() { Title = "first", Date = "keyword2", Hint = "" } } },
        }).Succeeded);
    }

    [Fact]
    public void WeComNeedsAKeyAgentIdAndAValidUserIdRule()
    {
        var options = new WeComOptions { UserIdRule = "(unclosed" };
        options.Apps["staff"] = new WeComAppOptions { School = "cqu", CorpId = "ww1", Token = "t", EncodingAESKey = "" };

        var failures = _validator.Validate(null, options).Failures!;

        Assert.Contains(failures, f => f.StartsWith("WeCom:Apps:staff:EncodingAESKey", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("WeCom:Apps:staff:AgentId", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("WeCom:UserIdRule", StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultMenuFitsThePlatformLimitsAndKeepsTheFourKeys()
    {
        var options = new WeChatOptions();
        options.Accounts["demo"] = new WeChatAccountOptions { School = "cqu", AppId = "wx1", Token = "t", Mode = "plaintext", Menu = [.. MenuButtonOptions.Defaults] };

        Assert.True(_validator.Validate(null, options).Succeeded);
        var keys = MenuButtonOptions.Defaults.SelectMany(b => b.SubButtons ?? [b]).Select(b => b.Key).ToList();
        Assert.Equal([MenuKeys.Help, MenuKeys.Status, MenuKeys.Remind, MenuKeys.Contact], keys);
    }

    [Fact]
    public void FourTopLevelButtonsAreRefused()
    {
        var options = new WeChatOptions();
        options.Accounts["demo"] = new WeChatAccountOptions
        {
            School = "cqu", AppId = "wx1", Token = "t",
            Menu = [.. Enumerable.Range(0, 4).Select(i => new MenuButtonOptions { Name = "b" + i, Type = "click", Key = "K" + i })],
        };

        Assert.Contains(_validator.Validate(null, options).Failures!, f => f.Contains("at most 3", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAccountWithoutAKeyRunsInPlaintextOnlyWhenItsModeSaysSo()
    {
        const string key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        WeChatOptions With(string? mode, string? aesKey) => new()
        {
            Accounts = { ["cqu"] = new WeChatAccountOptions { School = "cqu", AppId = "wx1", Token = "t", Mode = mode, EncodingAESKey = aesKey } },
        };

        var silent = _validator.Validate(null, With(null, null));
        var unknown = _validator.Validate(null, With("plain", null));

        Assert.Contains(silent.Failures!, f => f.StartsWith("WeChat:Accounts:cqu:EncodingAESKey is required", StringComparison.Ordinal)
                                              && f.Contains("WeChat:Accounts:cqu:Mode", StringComparison.Ordinal));
        Assert.Contains(unknown.Failures!, f => f.StartsWith("WeChat:Accounts:cqu:Mode 'plain' is not a mode", StringComparison.Ordinal));
        Assert.True(_validator.Validate(null, With("plaintext", null)).Succeeded);
        Assert.True(_validator.Validate(null, With("Plaintext", null)).Succeeded);
        Assert.True(_validator.Validate(null, With(null, key)).Succeeded);
        Assert.Contains(_validator.Validate(null, With("plaintext", "short")).Failures!, f => f.StartsWith("WeChat:Accounts:cqu:EncodingAESKey", StringComparison.Ordinal));
    }
}
