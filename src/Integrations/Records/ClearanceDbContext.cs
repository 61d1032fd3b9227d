using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Student>(e =>
        {
            e.ToTable("students");
            e.HasKey(s => new { s.School, s.StudentId });
            e.Property(s => s.School).HasMaxLength(16);
            e.Property(s => s.StudentId).HasMaxLength(32);
            e.Property(s => s.Name).HasMaxLength(64);
            e.Property(s => s.Degree).HasMaxLength(8);
            e.Property(s => s.GraduationType).HasMaxLength(16);
            e.Property(s => s.Campus).HasMaxLength(32);
            e.Property(s => s.WeComUserId).HasMaxLength(64);
            e.Property(s => s.IdLast6Hash).HasMaxLength(128);
            e.Property(s => s.PartyMember).HasDefaultValue(false);
            e.HasIndex(s => new { s.School, s.WeComUserId });
            e.HasMany(s => s.Offices).WithOne().HasForeignKey(o => new { o.School, o.StudentId }).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(s => s.Submission).WithOne().HasForeignKey<Submission>(x => new { x.School, x.StudentId }).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<OfficeStatus>(e =>
        {
            e.ToTable("office_statuses");
            e.HasKey(o => new { o.School, o.StudentId, o.OfficeId });
            e.Property(o => o.OfficeId).HasMaxLength(48);
            e.Property(o => o.State).HasConversion(EnumAsCamelCase<OfficeState>()).HasMaxLength(16);
            e.Property(o => o.Note).HasMaxLength(500);
            e.Property(o => o.Details).HasConversion(DetailsAsJson, DetailsComparer);
            e.Property(o => o.UpdatedBy).HasMaxLength(64);
            // Batch passes ("every pending student of this office") read by office and state.
            e.HasIndex(o => new { o.School, o.OfficeId, o.State });
        });
        model.Entity<Submission>(e =>
        {
            e.ToTable("submissions");
            e.HasKey(s => new { s.School, s.StudentId });
            e.Property(s => s.Channel).HasMaxLength(16);
        });
        model.Entity<Binding>(e =>
        {
            e.ToTable("bindings");
            e.HasKey(b => b.ConversationKey);
            e.Property(b => b.ConversationKey).HasMaxLength(200);
            e.Property(b => b.School).HasMaxLength(16);
            e.Property(b => b.StudentId).HasMaxLength(32);
            e.HasIndex(b => new { b.School, b.StudentId });
        });
        model.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.HasKey(a => a.Id);
            e.Property(a => a.Actor).HasMaxLength(64);
            e.Property(a => a.School).HasMaxLength(16);
            e.Property(a => a.StudentId).HasMaxLength(32);
            e.Property(a => a.OfficeId).HasMaxLength(48);
            e.Property(a => a.Action).HasMaxLength(16);
            e.HasIndex(a => new { a.School, a.StudentId });
        });
        model.Entity<ReminderSubscription>(e =>
        {
            e.ToTable("reminder_subscriptions");
            e.HasKey(s => new { s.School, s.StudentId, s.Kind });
            e.Property(s => s.School).HasMaxLength(16);
            e.Property(s => s.StudentId).HasMaxLength(32);
            e.Property(s => s.Kind).HasMaxLength(48);
            e.Property(s => s.Channel).HasMaxLength(16);
            e.Property(s => s.Account).HasMaxLength(64);
            e.Property(s => s.UserId).HasMaxLength(128);
        });
        model.Entity<ReminderDelivery>(e =>
        {
            e.ToTable("reminder_deliveries");
            e.HasKey(d => d.Id);
            e.Property(d => d.School).HasMaxLength(16);
            e.Property(d => d.Kind).HasMaxLength(48);
            e.Property(d => d.StudentId).HasMaxLength(32);
            e.Property(d => d.Status).HasConversion(EnumAsCamelCase<DeliveryStatus>()).HasMaxLength(16);
            e.Property(d => d.LastErrorCode).HasMaxLength(64);
            // The idempotency key: recorded before sending, so a retried job finds it and sends nothing twice.
            e.HasIndex(d => new { d.School, d.Kind, d.StudentId, d.OccurrenceDate }).IsUnique();
            e.HasIndex(d => new { d.School, d.Status });
        });
        StaffInsightsModel.Configure(model);
    }

    private static readonly JsonSerializerOptions DetailsJsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly ValueConverter<OfficeDetails, string> DetailsAsJson = new(
        d => JsonSerializer.Serialize(d, DetailsJsonOptions),
        s => JsonSerializer.Deserialize<OfficeDetails>(s, DetailsJsonOptions) ?? new OfficeDetails());

    private static readonly ValueComparer<OfficeDetails> DetailsComparer = new(
        (a, b) => JsonSerializer.Serialize(a, DetailsJsonOptions) == JsonSerializer.Serialize(b, DetailsJsonOptions),
        d => JsonSerializer.Serialize(d, DetailsJsonOptions).GetHashCode(StringComparison.Ordinal),
        d => JsonSerializer.Deserialize<OfficeDetails>(JsonSerializer.Serialize(d, DetailsJsonOptions), DetailsJsonOptions)!);

    /// <summary>Stored as the API spells it (<c>passed</c>, <c>notRequired</c>) so the tables read like the contract.</summary>
    private static ValueConverter<T, string> EnumAsCamelCase<T>() where T : struct, Enum => new(
        v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()),
        s => Enum.Parse<T>(s, ignoreCase: true));
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
