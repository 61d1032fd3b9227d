using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearance.Integrations.Records.EntityConfigurations;

internal sealed class OfficeStatusConfiguration : IEntityTypeConfiguration<OfficeStatus>
{
    public void Configure(EntityTypeBuilder<OfficeStatus> e)
    {
        e.ToTable("office_statuses");
        e.HasKey(o => new { o.School, o.StudentId, o.OfficeId });
        e.Property(o => o.OfficeId).HasMaxLength(48);
        e.Property(o => o.State).HasConversion(RecordConverters.EnumAsCamelCase<OfficeState>()).HasMaxLength(16);
        e.Property(o => o.Note).HasMaxLength(500);
        e.Property(o => o.Details).HasConversion(RecordConverters.DetailsAsJson, RecordConverters.DetailsComparer);
        e.Property(o => o.UpdatedBy).HasMaxLength(64);
        // Batch passes ("every pending student of this office") read by office and state.
        e.HasIndex(o => new { o.School, o.OfficeId, o.State });
    }
}
