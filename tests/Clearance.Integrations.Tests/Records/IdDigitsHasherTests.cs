using Clearance.Integrations.Records;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.Tests.Records;

public sealed class IdDigitsHasherTests
{
    private static IdDigitsKey NewKey() => IdDigitsKey.FromText(IdDigitsKey.NewText());

    [Fact]
    public void AKeyedHashVerifiesItsDigitsAndRejectsOthers()
    {
        var hasher = new IdDigitsHasher(NewKey());

        var stored = hasher.Hash("12345x");

        Assert.StartsWith($"hmac-sha256${hasher.CurrentKeyId}$", stored);
        Assert.DoesNotContain("12345", stored);
        Assert.Equal(new IdDigitsCheck(true, NeedsRehash: false), hasher.Check(" 12345X ", stored));
        Assert.False(hasher.Verify("123456", stored));
        Assert.False(hasher.Verify("", stored));
        Assert.False(hasher.Verify(null, stored));
    }

    [Fact]
    public void TheSameDigitsHashDifferentlyPerRow()
    {
        var hasher = new IdDigitsHasher(NewKey());

        Assert.NotEqual(hasher.Hash("123456"), hasher.Hash("123456"));
    }

    /// <summary>The point of the key: a database copied to a machine without it verifies nothing.</summary>
    [Fact]
    public void AHashIsUselessUnderAnotherKey()
    {
        var stored = new IdDigitsHasher(NewKey()).Hash("123456");

        Assert.Equal(default, new IdDigitsHasher(NewKey()).Check("123456", stored));
    }

    [Fact]
    public void ARowUnderAPreviousKeyVerifiesAndAsksToBeRehashed()
    {
        var old = NewKey();
        var stored = new IdDigitsHasher(old).Hash("123456");
        var rotated = new IdDigitsHasher(NewKey(), [old]);

        Assert.Equal(new IdDigitsCheck(true, NeedsRehash: true), rotated.Check("123456", stored));
        Assert.Equal(default, rotated.Check("654321", stored));
        Assert.Equal(new IdDigitsCheck(true, NeedsRehash: false), rotated.Check("123456", rotated.Hash("123456")));
    }

    [Fact]
    public void AnOldPbkdf2RowVerifiesAndAsksToBeRehashed()
    {
        var hasher = new IdDigitsHasher(NewKey());
        var stored = LegacyIdDigitsHash.Hash("12345X", iterations: 1000);

        Assert.Equal(new IdDigitsCheck(true, NeedsRehash: true), hasher.Check("12345x", stored));
        Assert.Equal(default, hasher.Check("123456", stored));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("123456")]
    [InlineData("hmac-sha256$deadbeef$AAAA$AAAA")]
    [InlineData("hmac-sha256$x$not base64$!")]
    [InlineData("pbkdf2-sha256$abc$AAAA$AAAA")]
    public void AMissingOrMalformedStoredValueNeverMatches(string? stored)
    {
        Assert.Equal(default, new IdDigitsHasher(NewKey()).Check("123456", stored));
    }

    [Fact]
    public void AShortKeyIsRefused()
    {
        Assert.Throws<ArgumentException>(() => IdDigitsKey.FromText(new string('k', IdDigitsKey.MinimumLength - 1)));
    }
}

public sealed class IdDigitsKeyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clearance-idkey-").FullName;

    private string Database => Path.Combine(_directory, "data", "clearance.db");

    [Fact]
    public void TheKeyFileIsCreatedOnceBesideTheDatabaseAndReused()
    {
        var first = IdDigitsKeyFile.LoadOrCreate(Database);
        var path = IdDigitsKeyFile.PathFor(Database);
        var written = File.ReadAllText(path);

        var second = IdDigitsKeyFile.LoadOrCreate(Database);

        Assert.Equal(Path.Combine(_directory, "data", "clearance.db.id-digits.key"), path);
        Assert.Equal(32, Convert.FromBase64String(written).Length);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(written, File.ReadAllText(path));
        var stored = new IdDigitsHasher(first).Hash("123456");
        Assert.True(new IdDigitsHasher(second).Verify("123456", stored));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void AnotherDatabaseGetsAnotherKey()
    {
        var first = IdDigitsKeyFile.LoadOrCreate(Database);

        var other = IdDigitsKeyFile.LoadOrCreate(Path.Combine(_directory, "other.db"));

        Assert.NotEqual(first.Id, other.Id);
    }

    [Fact]
    public void AKeyFileThatHoldsNoKeyStopsWithAMessageNamingIt()
    {
        var path = IdDigitsKeyFile.PathFor(Database);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "truncated");

        var e = Assert.Throws<IdDigitsKeyFileException>(() => IdDigitsKeyFile.LoadOrCreate(Database));

        Assert.Contains(path, e.Message);
        Assert.Equal("truncated", File.ReadAllText(path));
    }

    [Fact]
    public void AKeyFilePathThatCannotBeReadStopsWithAMessageNamingIt()
    {
        // A directory where the file should be: unreadable as a file even for root, unlike a chmod 000 file.
        var path = IdDigitsKeyFile.PathFor(Database);
        Directory.CreateDirectory(path);

        var e = Assert.Throws<IdDigitsKeyFileException>(() => IdDigitsKeyFile.LoadOrCreate(Database));

        Assert.Contains(path, e.Message);
        Assert.Contains("cannot be read", e.Message);
    }

    [Fact]
    public void AConfiguredKeyWinsOverTheKeyFile()
    {
        var configured = IdDigitsKey.NewText();

        var hasher = IdDigitsKeyFile.HasherFor(new IdDigitsOptions { Key = configured }, new StorageOptions { Sqlite = Database });

        Assert.Equal(IdDigitsKey.FromText(configured).Id, hasher.CurrentKeyId);
        Assert.False(File.Exists(IdDigitsKeyFile.PathFor(Database)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

public sealed class IdDigitsOptionsTests
{
    private static ValidateOptionsResult Validate(IdDigitsOptions options, bool postgres) =>
        new IdDigitsOptionsValidator(Options.Create(new StorageOptions
        {
            Provider = postgres ? StorageOptions.PostgresProvider : StorageOptions.SqliteProvider,
            ConnectionString = postgres ? "Host=x" : null,
        })).Validate(null, options);

    [Fact]
    public void PostgresWithoutAKeyDoesNotStart()
    {
        var result = Validate(new IdDigitsOptions(), postgres: true);

        Assert.True(result.Failed);
        Assert.Contains("IdDigits:Key", result.FailureMessage);
    }

    [Fact]
    public void SqliteWithoutAKeyUsesTheKeyFile() => Assert.True(Validate(new IdDigitsOptions(), postgres: false).Succeeded);

    [Fact]
    public void AShortKeyDoesNotStart()
    {
        var result = Validate(new IdDigitsOptions { Key = "short-key" }, postgres: true);

        Assert.True(result.Failed);
        Assert.Contains("at least 32", result.FailureMessage);
    }

    [Fact]
    public void AShortPreviousKeyDoesNotStart()
    {
        var result = Validate(new IdDigitsOptions { Key = IdDigitsKey.NewText(), PreviousKeys = ["short"] }, postgres: true);

        Assert.Contains("IdDigits:PreviousKeys:0", result.FailureMessage);
    }
}
