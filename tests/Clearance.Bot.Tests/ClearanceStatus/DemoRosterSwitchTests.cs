using Clearance.Bot.Conversation;
using Clearance.Integrations.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>
/// The demo roster, whose ID digits the README prints, is seeded only in Development or when asked for by name, and
/// the log says which (issue 17 item 8).
/// </summary>
public sealed class DemoRosterSwitchTests
{
    private static async Task<(int Students, LogCapture Log)> StartAsync(string environment, string? demoData = null)
    {
        var log = new LogCapture();
        var settings = new Dictionary<string, string?> { ["environment"] = environment };
        if (demoData is not null) settings["Clearance:DemoData"] = demoData;
        using var app = new BotApplication(settings, s => s.AddSingleton<ILoggerProvider>(log));
        using var client = app.CreateClient();
        var students = await app.Services.GetRequiredService<RosterStore>().CountStudentsAsync(CancellationToken.None);
        return (students, log);
    }

    [Fact]
    public async Task ProductionSeedsNoDemoStudentsAndSaysWhy()
    {
        var (students, log) = await StartAsync("Production");

        Assert.Equal(0, students);
        Assert.True(log.Has(LogLevel.Information, "Demo roster off (the Production environment)"), log.All);
    }

    [Fact]
    public async Task DevelopmentSeedsTheDemoRosterAndSaysWhy()
    {
        var (students, log) = await StartAsync("Development");

        Assert.True(students > 0);
        Assert.True(log.Has(LogLevel.Information, "Demo roster on (the Development environment)"), log.All);
        Assert.False(log.Has(LogLevel.Warning, "Seeding the demo roster"));
    }

    [Fact]
    public async Task TheSwitchSeedsInProductionWithAWarningAndTurnsDevelopmentOff()
    {
        var (production, productionLog) = await StartAsync("Production", demoData: "true");
        var (development, developmentLog) = await StartAsync("Development", demoData: "false");

        Assert.True(production > 0);
        Assert.True(productionLog.Has(LogLevel.Information, "Demo roster on (Clearance:DemoData=true)"), productionLog.All);
        Assert.True(productionLog.Has(LogLevel.Warning, "Seeding the demo roster in the Production environment"), productionLog.All);
        Assert.Equal(0, development);
        Assert.True(developmentLog.Has(LogLevel.Information, "Demo roster off (Clearance:DemoData=false)"), developmentLog.All);
    }
}

/// <summary>A WeCom userid that merely equals a student id is no one until the roster or a rule says so (issue 17 item 8).</summary>
public sealed class WeComIdentityTests
{
    private static Activity Work(string user, string text) => new()
    {
        Channel = Channel.Work, Account = "campus", School = "cqu", UserId = user, Text = text, Timestamp = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task AUseridEqualToAStudentIdIsAskedToBindWithoutARule()
    {
        using var app = new BotApplication(new Dictionary<string, string?> { ["Clearance:DemoData"] = "true" });
        using var client = app.CreateClient();
        var pipeline = app.Services.GetRequiredService<ConversationPipeline>();

        var reply = await pipeline.RunAsync(Work("20181234", "我的离校进度"), CancellationToken.None);

        Assert.Equal(Intent.BindRequired, reply.Intent);
        Assert.DoesNotContain("550", reply.Text);
    }
}
