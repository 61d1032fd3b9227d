using Clearance.Integrations.ClearanceStatus;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>
/// A student waits for a live status lookup at most 2 seconds (inside the platform's 5-second reply); a school's setting
/// past that, or a zero that would fail every lookup, stops the host at start with the key named.
/// </summary>
public sealed class StatusLookupOptionsTests
{
    private static Dictionary<string, string?> Http(string timeoutSeconds) => new()
    {
        ["Clearance:Provider"] = "http",
        ["Clearance:Http:BaseUrl"] = "http://127.0.0.1:9/",
        ["Clearance:Http:TimeoutSeconds"] = timeoutSeconds,
    };

    [Theory]
    [InlineData("2.5")]
    [InlineData("3")]
    [InlineData("0")]
    [InlineData("-1")]
    public void TheHostRefusesALookupTimeoutOutsideTwoSeconds(string timeoutSeconds)
    {
        using var host = new BotApplication(Http(timeoutSeconds));

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("Clearance:Http:TimeoutSeconds must be more than 0 and at most 2.", error.Message);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0.5")]
    public void ALookupTimeoutOfAtMostTwoSecondsStarts(string timeoutSeconds)
    {
        using var host = new BotApplication(Http(timeoutSeconds));

        host.CreateClient().Dispose();
    }

    [Fact]
    public void TheDefaultIsTheTwoSecondCap()
    {
        Assert.Equal(2, new HttpStatusOptions().TimeoutSeconds);
    }
}
