namespace Clearance.Integrations.Tests;

/// <summary>
/// CI sets <c>CLEARANCE_REQUIRE_SERVICES=1</c> so that a test needing Redis or PostgreSQL fails instead of skipping when
/// the service is missing; a developer without them gets a skip that says what to set.
/// </summary>
public sealed class ServiceAttributeTests
{
    public static TheoryData<Needs> EveryNeed => [Needs.Redis, Needs.Postgres, Needs.StoppablePostgres, Needs.RedisServer, Needs.Redis | Needs.Postgres];

    private static Func<string, string?> Environment(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [MemberData(nameof(EveryNeed))]
    public void UnderRequireServicesNothingSkipsEvenWithNothingConfigured(Needs needs)
    {
        Assert.Null(TestServices.SkipReason(needs, Environment(("CLEARANCE_REQUIRE_SERVICES", "1"))));
    }

    [Theory]
    [MemberData(nameof(EveryNeed))]
    public void WithoutItAMissingServiceSkipsWithTheVariableToSet(Needs needs)
    {
        var reason = TestServices.SkipReason(needs, Environment());

        Assert.NotNull(reason);
        Assert.Contains("CLEARANCE_TEST_", reason);
    }

    [Fact]
    public void AConfiguredServiceRuns()
    {
        Assert.Null(TestServices.SkipReason(Needs.Redis | Needs.Postgres,
            Environment(("CLEARANCE_TEST_REDIS", "127.0.0.1:6379"), ("CLEARANCE_TEST_POSTGRES", "Host=127.0.0.1"))));
    }

    [Fact]
    public void TheAttributesUseThatRule()
    {
        // With this process's environment the attribute says what the rule says (under CI: run).
        Assert.Equal(TestServices.SkipReason(Needs.Postgres), new ServiceFactAttribute(Needs.Postgres).Skip);
    }
}
