using Clearance.Integrations.Records;
using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Tests.Records;

/// <summary>
/// The model in code is the one the migrations built, for both providers: a change to an entity's configuration that
/// needs a migration fails here, not in production. (No database is opened; the model is compared with the snapshot.)
/// </summary>
public sealed class ModelMatchesMigrationsTests
{
    [Fact]
    public void TheSqliteModelHasNoChangesWithoutAMigration()
    {
        using var db = new SqliteClearanceDbContext(new DbContextOptionsBuilder<SqliteClearanceDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void ThePostgresModelHasNoChangesWithoutAMigration()
    {
        using var db = new PostgresClearanceDbContext(new DbContextOptionsBuilder<PostgresClearanceDbContext>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);

        Assert.False(db.Database.HasPendingModelChanges());
    }
}
