using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.Records;

/// <summary>
/// <c>IdDigits</c>: the key of the ID-digits hash (<see cref="IdDigitsHasher"/>). Required with PostgreSQL, where
/// several instances must share it; with SQLite it may be left empty and a key file beside the database is used.
/// From the environment only (<c>IdDigits__Key</c>), never appsettings: a key in the same backup as the database
/// protects nothing.
/// </summary>
public sealed class IdDigitsOptions
{
    public const string SectionName = "IdDigits";

    /// <summary>At least 32 characters; <c>openssl rand -base64 32</c> makes one.</summary>
    public string? Key { get; set; }

    /// <summary>Keys being rotated out: rows hashed under them still verify and are re-hashed under <see cref="Key"/> on their next binding.</summary>
    public List<string> PreviousKeys { get; set; } = [];
}

public sealed class IdDigitsOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<IdDigitsOptions>
{
    public ValidateOptionsResult Validate(string? name, IdDigitsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Key))
        {
            return storage.Value.IsPostgres
                ? ValidateOptionsResult.Fail($"IdDigits:Key is required when Storage:Provider is 'postgres' (every instance needs the same key; at least {IdDigitsKey.MinimumLength} characters, e.g. `openssl rand -base64 32`, from the environment as IdDigits__Key).")
                : ValidateOptionsResult.Success;
        }
        if (options.Key.Trim().Length < IdDigitsKey.MinimumLength)
            return ValidateOptionsResult.Fail($"IdDigits:Key must be at least {IdDigitsKey.MinimumLength} characters (e.g. `openssl rand -base64 32`).");
        for (var i = 0; i < options.PreviousKeys.Count; i++)
        {
            if (options.PreviousKeys[i].Trim().Length < IdDigitsKey.MinimumLength)
                return ValidateOptionsResult.Fail($"IdDigits:PreviousKeys:{i} must be at least {IdDigitsKey.MinimumLength} characters.");
        }
        return ValidateOptionsResult.Success;
    }
}

/// <summary>A key file that is there but cannot be used: the service must not start and hash under a new key.</summary>
public sealed class IdDigitsKeyFileException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

/// <summary>
/// Embedded mode's key: a file beside the SQLite file (<c>clearance.db</c> → <c>clearance.db.id-digits.key</c>),
/// created on first start with 32 random bytes (as base64 text, so it can be moved into <c>IdDigits:Key</c> when a
/// school moves to PostgreSQL), readable by its owner only, and reused on every start after.
/// </summary>
public static class IdDigitsKeyFile
{
    public static string PathFor(string sqlitePath) => Path.GetFullPath(sqlitePath) + ".id-digits.key";

    public static IdDigitsKey LoadOrCreate(string sqlitePath)
    {
        var path = PathFor(sqlitePath);
        if (!File.Exists(path)) TryCreate(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdDigitsKeyFileException(
                $"The ID-digits key file {path} exists but cannot be read ({e.Message}). Give the service's user read access to it; " +
                "do not delete it while students are on the roster: without it no stored ID digits verify and every student must be re-imported.", e);
        }
        try
        {
            return IdDigitsKey.FromText(text);
        }
        catch (ArgumentException e)
        {
            throw new IdDigitsKeyFileException(
                $"The ID-digits key file {path} does not hold a key (at least {IdDigitsKey.MinimumLength} characters). Restore it from the backup " +
                "made with the database; without it no stored ID digits verify.", e);
        }
    }

    /// <summary>Written under a temporary name and moved into place, so a second process starting at the same moment reads a whole key or makes none.</summary>
    private static void TryCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(IdDigitsKey.NewText());
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException)
        {
            // Another process made it first (read theirs), or something else is in the way: reading it says what.
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IdDigitsKeyFileException($"The ID-digits key file {path} cannot be created ({e.Message}): the service's user needs write access to the database's folder.", e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>A store built without a hasher (tests, tools): the key file beside its SQLite file.</summary>
    internal static IdDigitsHasher DefaultFor(RecordsDbContextFactory contexts) =>
        contexts.SqlitePath is { } path
            ? new IdDigitsHasher(LoadOrCreate(path))
            : throw new InvalidOperationException("A PostgreSQL records store needs an IdDigitsHasher with the configured IdDigits:Key.");

    /// <summary>The hasher for the configured storage: the configured key, else (SQLite only) the key file.</summary>
    public static IdDigitsHasher HasherFor(IdDigitsOptions options, StorageOptions storage)
    {
        var previous = options.PreviousKeys.Select(IdDigitsKey.FromText).ToList();
        if (!string.IsNullOrWhiteSpace(options.Key)) return new IdDigitsHasher(IdDigitsKey.FromText(options.Key), previous);
        if (storage.IsPostgres)
            throw new InvalidOperationException("IdDigits:Key is required when Storage:Provider is 'postgres'.");
        return new IdDigitsHasher(LoadOrCreate(storage.Sqlite), previous);
    }
}

/// <summary>
/// Resolves the ID-digits hasher as the host starts, before the port opens: an unreadable or empty key file stops the
/// start with its path named, not the first binding hours later. Reading the key is a small file, so it costs the
/// start nothing the background loading would save.
/// </summary>
public sealed class IdDigitsKeyCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IdDigitsHasher>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
