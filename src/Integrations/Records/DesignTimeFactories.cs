using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Clearance.Integrations.Records;

// Used only by `dotnet ef migrations add … --context SqliteClearanceDbContext|PostgresClearanceDbContext`;
// the connection strings are placeholders, migrations are generated from the model alone.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteClearanceDbContext>
{
    public SqliteClearanceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteClearanceDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresClearanceDbContext>
{
    public PostgresClearanceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresClearanceDbContext>().UseNpgsql("Host=localhost;Database=clearance_design").Options);
}
