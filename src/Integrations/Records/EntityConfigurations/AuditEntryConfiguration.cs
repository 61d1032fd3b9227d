using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearance.Integrations.Records.EntityConfigurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit_log");
        e.HasKey(a => a.Id);
        e.Property(a => a.Actor).HasMaxLength(64);
        e.Property(a => a.School).HasMaxLength(16);
        e.Property(a => a.StudentId).HasMaxLength(32);
        e.Property(a => a.OfficeId).HasMaxLength(48);
        e.Property(a => a.Action).HasMaxLength(16);
        e.HasIndex(a => new { a.School, a.StudentId });
    }
}
