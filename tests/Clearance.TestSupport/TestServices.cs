using Npgsql;
using Xunit;

namespace Clearance.TestSupport;

/// <summary>Outside services a test may need.</summary>
[Flags]
public enum Needs
{
    Redis = 1,
    Postgres = 2,
    /// <summary>A PostgreSQL the test may stop and start (<c>.ci/faults-postgres</c>), never the shared one.</summary>
    StoppablePostgres = 4,
    /// <summary>A redis-server binary to run an instance of the test's own, which it may kill.</summary>
    RedisServer = 8,
}

/// <summary>
/// Where the tests find real services: Redis from <c>CLEARANCE_TEST_REDIS</c> (e.g. <c>127.0.0.1:6379</c>), PostgreSQL
/// from <c>CLEARANCE_TEST_POSTGRES</c> (a connection string whose role may create databases); for the fault tests, a
/// PostgreSQL they may stop (<c>CLEARANCE_TEST_STOPPABLE_POSTGRES</c> and its <c>…_CONTROL</c> command) and a
/// redis-server binary (<c>CLEARANCE_TEST_REDIS_SERVER</c>) to run and kill their own Redis. Unset, the tests that
/// need them skip — unless <c>CLEARANCE_REQUIRE_SERVICES=1</c> (CI), where they run and fail, so a CI run cannot pass
/// by skipping them.
/// </summary>
public static class TestServices
{
    public const string RedisVariable = "CLEARANCE_TEST_REDIS";
    public const string PostgresVariable = "CLEARANCE_TEST_POSTGRES";
    public const string RequireVariable = "CLEARANCE_REQUIRE_SERVICES";
    public const string StoppablePostgresVariable = "CLEARANCE_TEST_STOPPABLE_POSTGRES";
    public const string StoppablePostgresControlVariable = "CLEARANCE_TEST_STOPPABLE_POSTGRES_CONTROL";
    public const string RedisServerVariable = "CLEARANCE_TEST_REDIS_SERVER";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Why a test needing <paramref name="needs"/> skips here, or null when it runs.</summary>
    public static string? SkipReason(Needs needs) => SkipReason(needs, Value);

    /// <summary>
    /// The rule every service attribute goes through (<c>ServiceFact</c>, the Integrations <c>ContractFact</c>, the
    /// browser's), with the environment passed in so a test can check it: under <c>CLEARANCE_REQUIRE_SERVICES=1</c> nothing
    /// skips.
    /// </summary>
    public static string? SkipReason(Needs needs, Func<string, string?> environment)
    {
        string? Value(string variable) => environment(variable) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;
        if (environment(RequireVariable) == "1") return null;
        if (needs.HasFlag(Needs.Redis) && Value(RedisVariable) is null) return $"{RedisVariable} is not set (e.g. 127.0.0.1:6379)";
        if (needs.HasFlag(Needs.Postgres) && Value(PostgresVariable) is null) return $"{PostgresVariable} is not set";
        if (needs.HasFlag(Needs.StoppablePostgres) && (Value(StoppablePostgresVariable) is null || Value(StoppablePostgresControlVariable) is null))
            return $"{StoppablePostgresVariable} and {StoppablePostgresControlVariable} are not set (see .ci/faults-postgres)";
        if (needs.HasFlag(Needs.RedisServer) && Value(RedisServerVariable) is null) return $"{RedisServerVariable} is not set (e.g. /usr/bin/redis-server)";
        return null;
    }

    /// <summary>
    /// <c>IdDigits:Key</c> for hosts on PostgreSQL, which require one. Fixed, so instances of one test (and a test
    /// that restarts its host) share it as a deployment's instances do.
    /// </summary>
    public const string IdDigitsKey = "test-only-id-digits-key-0123456789abcdef";

    public static string Redis => Value(RedisVariable)
        ?? throw new InvalidOperationException($"{RequireVariable}=1 but {RedisVariable} is not set: start redis-server and set it.");

    public static string Postgres => Value(PostgresVariable)
        ?? throw new InvalidOperationException($"{RequireVariable}=1 but {PostgresVariable} is not set: start PostgreSQL and set it.");

    /// <summary>A connection string (any database) to the PostgreSQL that <see cref="StoppablePostgresControl"/> stops and starts.</summary>
    public static string StoppablePostgres => Value(StoppablePostgresVariable)
        ?? throw new InvalidOperationException($"{RequireVariable}=1 but {StoppablePostgresVariable} is not set: run .ci/faults-postgres setup and set it.");

    /// <summary>A command taking <c>stop</c> or <c>start</c> for <see cref="StoppablePostgres"/> (<c>.ci/faults-postgres</c>).</summary>
    public static string StoppablePostgresControl => Value(StoppablePostgresControlVariable)
        ?? throw new InvalidOperationException($"{RequireVariable}=1 but {StoppablePostgresControlVariable} is not set: point it at .ci/faults-postgres.");

    public static string RedisServer => Value(RedisServerVariable)
        ?? throw new InvalidOperationException($"{RequireVariable}=1 but {RedisServerVariable} is not set: point it at redis-server.");

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
