using Clearance.Bot.Cli;
using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Conversation;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.ClearanceStatus;

public sealed class ClearanceEdgeTests
{
    [Fact]
    public async Task AnOutageOfTheSchoolsSystemIsExplainedWithPhones()
    {
        using var host = new BotApplication(new Dictionary<string, string?>
        {
            ["Clearance:Provider"] = "http",
            // Nothing listens on the discard port: the lookup fails fast and must become a sentence, not an error.
            ["Clearance:Http:BaseUrl"] = "http://127.0.0.1:9/",
            ["Clearance:Http:TimeoutSeconds"] = "1",
        });
        var output = new StringWriter();
        var roster = Path.Combine(host.DataDirectory, "roster.csv");
        await File.WriteAllTextAsync(roster, "studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus\n2020010001,陈一,111111,硕士,正常毕业,南湖校区,false,true\n");
        Assert.Equal(0, await CliDispatcher.RunAsync(host.Services, ["students", "import", "--school", "cumt", roster], output, default));
        var user = new Conversation(host.CreateClient(), "outage", "cumt");
        await user.Binds("2020010001", "陈一", "111111");

        var reply = await user.Says("我的离校进度");

        Assert.Equal("status-unavailable", reply.Intent);
        Assert.Contains("暂时不可用", reply.Reply);
        Assert.Contains("0516-83592058", reply.Reply);
    }

    [Fact]
    public async Task TheCliImportNamesBadLinesOnStandardErrorAndImportsNothingFromTheFile()
    {
        using var host = new BotApplication();
        var roster = Path.Combine(host.DataDirectory, "roster.csv");
        await File.WriteAllTextAsync(roster, "\uFEFFstudentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus\n20180001,张三,123456,硕士,正常毕业,A区,false,true\n20180002,李四,123456,学士,正常毕业,A区,false,true\n");
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await CliDispatcher.RunAsync(host.Services, ["students", "import", "--school", "cqu", roster], output, default, errors);

        Assert.Equal(1, exit);
        Assert.Contains("roster.csv:3: degree", errors.ToString());
        Assert.Contains("nothing from roster.csv was imported", errors.ToString());
        Assert.Equal("", output.ToString());
        Assert.Null(await host.Services.GetRequiredService<Clearance.Integrations.Records.RosterStore>().FindStudentAsync("cqu", "20180001", default));
    }

    [Fact]
    public async Task AWeComUserIsKnownByTheirUserIdWithoutBinding()
    {
        using var host = new BotApplication();
        var roster = Path.Combine(host.DataDirectory, "roster.csv");
        await File.WriteAllTextAsync(roster, "studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus,wecomUserId\n20181234,张三,123456,硕士,正常毕业,A区,false,true,zhangsan\n");
        await CliDispatcher.RunAsync(host.Services, ["students", "import", "--school", "cqu", roster], new StringWriter(), default);
        var pipeline = host.Services.GetRequiredService<ConversationPipeline>();

        var reply = await pipeline.RunAsync(new Activity { Channel = Channel.Work, Account = "cqu-app", School = "cqu", UserId = "zhangsan", Text = "我的离校进度" }, default);

        Assert.Equal("status", reply.Intent);
        Assert.Contains("张三（20181234）", reply.Text);
    }

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("", "")]
    public void NamesAreMaskedForLogs(string name, string masked) => Assert.Equal(masked, Privacy.MaskName(name));

    [Fact]
    public void StudentIdsAreMaskedForLogs() => Assert.Equal("2018**34", Privacy.MaskStudentId("20181234"));
}
