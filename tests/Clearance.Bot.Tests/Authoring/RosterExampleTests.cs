using Clearance.Bot.Cli;

namespace Clearance.Bot.Tests.Authoring;

public sealed class RosterExampleTests
{
    [Fact]
    public async Task TheReadmesRosterExampleImports()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Clearance.Bot.sln"))) dir = dir.Parent;
        var example = Path.Combine(dir!.FullName, "docs", "roster-example.csv");
        using var host = new BotApplication();
        var output = new StringWriter();

        var exit = await CliDispatcher.RunAsync(host.Services, ["students", "import", "--school", "cqu", example], output, default);

        Assert.True(exit == 0, output.ToString());
    }
}
