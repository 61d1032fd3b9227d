using Microsoft.Extensions.Options;

namespace Clearance.Integrations.Records;

/// <summary><c>Storage</c>: where the records live. SQLite (a file) in embedded mode, PostgreSQL when several instances share them.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string SqliteProvider = "sqlite";
    public const string PostgresProvider = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>SQLite file path, relative to the working directory unless rooted.</summary>
    public string Sqlite { get; set; } = "data/clearance.db";

    /// <summary>PostgreSQL connection string; required when <see cref="Provider"/> is <c>postgres</c>. From the environment, not appsettings.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, PostgresProvider, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A wrong storage setting stops the host with a message naming the key.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!string.Equals(options.Provider, StorageOptions.SqliteProvider, StringComparison.OrdinalIgnoreCase) && !options.IsPostgres)
            return ValidateOptionsResult.Fail($"Storage:Provider must be 'sqlite' or 'postgres', not '{options.Provider}'.");
        if (options.IsPostgres && string.IsNullOrWhiteSpace(options.ConnectionString))
            return ValidateOptionsResult.Fail("Storage:ConnectionString is required when Storage:Provider is 'postgres'.");
        if (!options.IsPostgres && string.IsNullOrWhiteSpace(options.Sqlite))
            return ValidateOptionsResult.Fail("Storage:Sqlite (the database file path) may not be empty.");
        return ValidateOptionsResult.Success;
    }
}
