using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Reminders;
using Clearance.Bot.Llm;
using Clearance.Integrations.ClearanceStatus;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Moq;

namespace Clearance.Bot.Tests.Llm;

/// <summary>The plugin without any model: its methods are called directly, against the real host's status provider.</summary>
public sealed class ClearanceStatusPluginTests : IClassFixture<ClearanceStatusPluginTests.DemoRoster>
{
    /// <summary>The host with the seeded demo roster (张三 20181234 has open offices), and no model configured.</summary>
    public sealed class DemoRoster : IDisposable
    {
        public BotApplication Host { get; } = new(new Dictionary<string, string?> { ["Clearance:DemoData"] = "true" });

        public DemoRoster() => Host.CreateClient().Dispose();

        public ClearanceStatusPlugin PluginFor(string school, string studentId) => new(
            Host.Services.GetRequiredService<IClearanceStatusProvider>(),
            Host.Services.GetRequiredService<KnowledgeBase>(),
            ModelTurn.For(new ReminderSubscriber(school, studentId, new ReminderAddress("mp", "demo", "o-" + studentId))));

        public void Dispose() => Host.Dispose();
    }

    private readonly DemoRoster _roster;

    public ClearanceStatusPluginTests(DemoRoster roster) => _roster = roster;

    [Fact]
    public async Task GetMyClearanceStatusReturnsTheBoundStudentsOwnProgressWithoutNameOrId()
    {
        var status = await _roster.PluginFor("cqu", "20181234").GetMyClearanceStatusAsync(CancellationToken.None);

        Assert.Contains("你的离校进度", status);
        Assert.Contains("× 图书馆", status);
        // The tool's output goes to the model: it needs the progress, not who the student is.
        Assert.DoesNotContain("张三", status);
        Assert.DoesNotContain("20181234", status);
        Assert.DoesNotContain("李四", status);
    }

    [Fact]
    public async Task AStudentNotOnTheRosterIsToldSoWithoutAnyoneElsesData()
    {
        var status = await _roster.PluginFor("cqu", "20189999").GetMyClearanceStatusAsync(CancellationToken.None);

        Assert.Contains("没有该学生的记录", status);
        Assert.DoesNotContain("离校进度：", status);
    }

    [Fact]
    public async Task AnUnavailableSourceGivesTheOfficesPhonesLikeTheStatusDialog()
    {
        // The school's own system timing out: a double is the clearest way to have one.
        var down = new Mock<IClearanceStatusProvider>();
        down.Setup(p => p.LookupAsync("cqu", "20181234", It.IsAny<CancellationToken>())).ReturnsAsync(ClearanceLookup.Unavailable("timeout"));
        var plugin = new ClearanceStatusPlugin(down.Object, _roster.Host.Services.GetRequiredService<KnowledgeBase>(), ModelTurn.For(new ReminderSubscriber("cqu", "20181234", new ReminderAddress("mp", "demo", "o-1"))));

        var status = await plugin.GetMyClearanceStatusAsync(CancellationToken.None);

        Assert.StartsWith("离校进度查询暂时不可用", status);
        down.Verify(p => p.LookupAsync("cqu", "20181234", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public void TheFunctionTakesNoStudentIdSoTheModelCannotAskForAnotherStudent()
    {
        var plugin = KernelPluginFactory.CreateFromObject(_roster.PluginFor("cqu", "20181234"), ClearanceStatusPlugin.PluginName);

        var function = Assert.Single(plugin);
        Assert.Equal("GetMyClearanceStatus", function.Name);
        Assert.Contains("本人", function.Description);
        Assert.Empty(function.Metadata.Parameters);
    }

    [Fact]
    public async Task InvokedThroughAKernelItReturnsTheSameTextAsCalledDirectly()
    {
        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(_roster.PluginFor("cqu", "20181234"), ClearanceStatusPlugin.PluginName);

        var status = (await kernel.InvokeAsync(ClearanceStatusPlugin.PluginName, "GetMyClearanceStatus")).GetValue<string>();

        // 张三's own progress as the demo seed has it, not just "whatever the method returns".
        Assert.NotNull(status);
        Assert.Contains("你的离校进度", status);
        Assert.Contains("× 图书馆", status);
        Assert.Contains("× 财务处", status);
        Assert.DoesNotContain("张三", status);
        Assert.DoesNotContain("20181234", status);
    }
}
