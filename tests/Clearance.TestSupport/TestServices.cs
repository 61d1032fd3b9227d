using Npgsql;
using Xunit;

namespace Clearance.TestSupport;

/// <summary>Outside services a test may need.</summary>
[Flags]
public enum Needs
{
    Redis = 1,
    Postgres = 2,
}

/// <summary>
/// Where the tests find real services: Redis from <c>CLEARANCE_TEST_REDIS</c> (e.g. <c>127.0.0.1:6379</c>), PostgreSQL
/// from <c>CLEARANCE_TEST_POSTGRES</c> (a connection string whose role may create databases). Unset, the tests that
/// need them skip — unless <c>CLEARANCE_REQUIRE_SERVICES=1</c> (CI), where they run and fail, so a CI run cannot pass
/// by skipping them.
/// </summary>
public static class TestServices
{
    public const string RedisVariable = "CLEARANCE_TEST_REDIS";
    public const string PostgresVariable = "CLEARANCE_TEST_POSTGRES";
    public const string RequireVariable = "CLEARANCE_REQUIRE_SERVICES";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Why a test needing <paramref name="needs"/> skips here, or null when it runs.</summary>
    public static string? SkipReason(Needs needs)
    {
        if (Required) return null;
        if (needs.HasFlag(Needs.Redis) && Value(RedisVariable) is null) return $"{RedisVariable} is not set (e.g. 127.0.0.1:6379)";
        if (needs.HasFlag(Needs.Postgres) && Value(PostgresVariable) is null) return $"{PostgresVariable} is not set";
        return null;
    }

    public static string Redis => Value(RedisVariable)
        ?? throw new InvalidOperationException($"{RequireVariable}=1 but {RedisVariable} is not set: start redis-server and set it.");

    public static string Postgres => Value(PostgresVariable)
        ?? throw new InvalidOperationException($"{RequireVariable}=1 but {PostgresVariable} is not set: start PostgreSQL and set it.");

    /// <summary>True when PostgreSQL is configured; false means SQLite (and fails under <see cref="Required"/>).</summary>
    public static bool HasPostgres => Value(PostgresVariable) is not null || (Required ? throw new InvalidOperationException($"{RequireVariable}=1 but {PostgresVariable} is not set.") : false);

    /// <summary>A connection string for a database no other test uses (created by the migrations), or null for SQLite.</summary>
    public static string? FreshPostgresDatabase(string prefix = "clearance_test_") =>
        HasPostgres ? new NpgsqlConnectionStringBuilder(Postgres) { Database = prefix + Guid.NewGuid().ToString("N")[..12] }.ConnectionString : null;

    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string? Value(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}

/// <summary>A fact that needs real services (<see cref="TestServices"/>): skipped where they are not configured, run under CI.</summary>
public sealed class ServiceFactAttribute : FactAttribute
{
    public ServiceFactAttribute(Needs needs)
    {
        if (TestServices.SkipReason(needs) is { } reason) Skip = reason;
    }
}
