using Microsoft.Extensions.Logging;
using Clearance.Bot.Webhooks;
using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Work;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Tests.Webhooks;

public sealed class WeComUserIdRuleTests
{
    private static WeComUserIds Accounts(string? rule) =>
        new(Options.Create(new WeComOptions { UserIdRule = rule }));

    [Fact]
    public void WithoutARuleTheChannelVouchesForNoOneSoTheRosterMappingDecides()
    {
        Assert.Null(Accounts(null).StudentIdFor("20181234"));
    }

    [Theory]
    [InlineData("s20181234", "20181234")]
    [InlineData("teacher-wang", null)]
    public void RuleTakesTheStudentGroup(string userId, string? expected)
    {
        Assert.Equal(expected, Accounts("^s(?<student>\\d+)$").StudentIdFor(userId));
    }

    [Fact]
    public void EachMappingByTheRuleIsLoggedWithBothIdsMasked()
    {
        var log = new LogCapture();
        var ids = new WeComUserIds(Options.Create(new WeComOptions { UserIdRule = "^s(?<student>\\d+)$" }), LoggerFactory.Create(b => b.AddProvider(log)).CreateLogger<WeComUserIds>());

        Assert.Equal("20181234", ids.StudentIdFor("s20181234"));

        var line = Assert.Single(log.Lines).Message;
        Assert.Contains("WeCom:UserIdRule", line);
        Assert.Contains("*******34", line);
        Assert.Contains("******34", line);
        Assert.DoesNotContain("2018", line);
    }
}
