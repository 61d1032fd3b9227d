using Clearance.Integrations.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>Issue #14 item 5: the embedded key file is the host's, made at start and checked at start.</summary>
public sealed class IdDigitsKeyStartTests
{
    [Fact]
    public void AKeyFileThatHoldsNoKeyStopsTheStartNamingIt()
    {
        using var host = new BotApplication();
        var keyFile = IdDigitsKeyFile.PathFor(Path.Combine(host.DataDirectory, "clearance.db"));
        File.WriteAllText(keyFile, "not a key");

        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(keyFile, Messages(e));
        Assert.Equal("not a key", File.ReadAllText(keyFile));
    }

    [Fact]
    public void TheHostHashesUnderTheKeyFileBesideItsDatabase()
    {
        using var host = new BotApplication();
        host.CreateClient();
        var keyFile = IdDigitsKeyFile.PathFor(Path.Combine(host.DataDirectory, "clearance.db"));

        Assert.True(File.Exists(keyFile));
        var hasher = host.Services.GetRequiredService<IdDigitsHasher>();
        Assert.Equal(IdDigitsKeyFile.LoadOrCreate(Path.Combine(host.DataDirectory, "clearance.db")).Id, hasher.CurrentKeyId);
    }

    private static string Messages(Exception e) =>
        e is AggregateException a ? string.Join(" | ", a.InnerExceptions.Select(Messages)) : e.Message + (e.InnerException is { } inner ? " | " + Messages(inner) : "");
}
