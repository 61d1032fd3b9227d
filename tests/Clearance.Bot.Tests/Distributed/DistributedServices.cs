using Npgsql;

namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// The services the distributed tests run on: Redis from <c>CLEARANCE_TEST_REDIS</c> (required) and PostgreSQL from
/// <c>CLEARANCE_TEST_POSTGRES</c> (used when set, else each instance keeps its own SQLite). Unset Redis skips the
/// tests — except under <c>CLEARANCE_REQUIRE_SERVICES=1</c> (CI), where they run and fail instead.
/// </summary>
public static class DistributedServices
{
    public const string RedisVariable = "CLEARANCE_TEST_REDIS";
    public const string PostgresVariable = "CLEARANCE_TEST_POSTGRES";
    public const string RequireVariable = "CLEARANCE_REQUIRE_SERVICES";

    public static string? SkipReason =>
        Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } || Environment.GetEnvironmentVariable(RequireVariable) == "1"
            ? null
            : $"{RedisVariable} is not set (e.g. 127.0.0.1:6379)";

    public static string Redis =>
        Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{RequireVariable}=1 but {RedisVariable} is not set: start redis-server and set it.");

    /// <summary>A fresh database on the test server (created by the hosts' migrations), or null for SQLite.</summary>
    public static string? FreshPostgresDatabase()
    {
        if (Environment.GetEnvironmentVariable(PostgresVariable) is not { Length: > 0 } connectionString)
        {
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
                throw new InvalidOperationException($"{RequireVariable}=1 but {PostgresVariable} is not set.");
            return null;
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { Database = "clearance_dist_" + Guid.NewGuid().ToString("N")[..12] }
            .ConnectionString;
    }

    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A fact that needs a real redis-server (see <see cref="DistributedServices"/>).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (DistributedServices.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>
/// A fact that needs PostgreSQL (<c>CLEARANCE_TEST_POSTGRES</c>); skipped where it is not set, run (and failing) under
/// <c>CLEARANCE_REQUIRE_SERVICES=1</c>.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(DistributedServices.RequireVariable) == "1") return;
        if (Environment.GetEnvironmentVariable(DistributedServices.PostgresVariable) is not { Length: > 0 })
            Skip = $"{DistributedServices.PostgresVariable} is not set";
    }
}
