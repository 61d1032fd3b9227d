using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Clearance.Integrations.Records;

/// <summary>
/// The records: students, office statuses, submissions, bindings, audit log, reminder subscriptions and deliveries.
/// One model for both providers; each provider has its own subclass only so each gets its own migration set
/// (SQLite and PostgreSQL generate different DDL), as EF's "migrations with multiple providers" guidance suggests.
/// </summary>
public abstract class ClearanceDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Student> Students => Set<Student>();
    public DbSet<OfficeStatus> OfficeStatuses => Set<OfficeStatus>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<Binding> Bindings => Set<Binding>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ReminderSubscription> ReminderSubscriptions => Set<ReminderSubscription>();
    public DbSet<ReminderDelivery> ReminderDeliveries => Set<ReminderDelivery>();
    public DbSet<AnswerFeedback> AnswerFeedback => Set<AnswerFeedback>();
    public DbSet<UnansweredQuestion> UnansweredQuestions => Set<UnansweredQuestion>();

    /// <summary>One configuration per entity (<c>EntityConfigurations/</c>); this context only collects them.</summary>
    protected override void OnModelCreating(ModelBuilder model) =>
        model.ApplyConfigurationsFromAssembly(typeof(ClearanceDbContext).Assembly, t => t.Namespace == typeof(EntityConfigurations.StudentConfiguration).Namespace);
}

/// <summary>The SQLite flavour (embedded mode). Its migrations live in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteClearanceDbContext(DbContextOptions<SqliteClearanceDbContext> options) : ClearanceDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        // SQLite stores DateTimeOffset as text it cannot compare or order; ticks (all values are UTC) can be.
        conventions.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>The PostgreSQL flavour (distributed mode). Its migrations live in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresClearanceDbContext(DbContextOptions<PostgresClearanceDbContext> options) : ClearanceDbContext(options);
