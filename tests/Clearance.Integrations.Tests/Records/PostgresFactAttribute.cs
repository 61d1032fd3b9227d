namespace Clearance.Integrations.Tests.Records;

/// <summary>
/// A fact that needs PostgreSQL: runs when <c>CLEARANCE_TEST_POSTGRES</c> holds a connection string (CI starts
/// PostgreSQL 15 and sets it), skipped otherwise. The role needs CREATEDB: each test class gets its own database.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "CLEARANCE_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"{Variable} is not set";
    }
}
