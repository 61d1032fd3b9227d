using Clearance.Bot.Staff;

namespace Clearance.Bot.Tests.Staff;

public sealed class StaffKeyOptionsTests
{
    private static ValidateResult Validate(params StaffKey[] keys)
    {
        var options = new StaffKeyOptions();
        options.StaffKeys.AddRange(keys);
        var result = new StaffKeyOptionsValidator().Validate(null, options);
        return new ValidateResult(result.Succeeded, result.Failures?.ToList() ?? []);
    }

    private sealed record ValidateResult(bool Succeeded, List<string> Failures);

    [Fact]
    public void AnOperatorKeyCoversEveryOfficeOfEverySchool()
    {
        var operatorKey = new StaffKey { Key = "service-operator-key", School = StaffKey.AnySchool, Office = StaffKey.AnyOffice };
        var schoolAdmin = new StaffKey { Key = "cqu-admin-key-0001", School = "cqu", Office = StaffKey.AnyOffice };

        Assert.True(Validate(operatorKey, schoolAdmin).Succeeded);
        Assert.True(operatorKey.IsOperator);
        Assert.False(schoolAdmin.IsOperator);
    }

    [Fact]
    public void ATooShortKeyIsRefusedAtStartNamingItsPath()
    {
        var result = Validate(new StaffKey { Key = "short", School = "cqu", Office = "library" });

        Assert.Contains("Clearance:StaffKeys:0:Key must be at least 12 characters.", result.Failures);
    }

    [Fact]
    public void AnOperatorKeyLimitedToOneOfficeIsRefusedAtStart()
    {
        var result = Validate(new StaffKey { Key = "service-library-key", School = StaffKey.AnySchool, Office = "library" });

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures, f => f.StartsWith("Clearance:StaffKeys:0: an operator key", StringComparison.Ordinal));
    }
}
