using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearance.Integrations.Records.EntityConfigurations;

internal sealed class ReminderDeliveryConfiguration : IEntityTypeConfiguration<ReminderDelivery>
{
    public void Configure(EntityTypeBuilder<ReminderDelivery> e)
    {
        e.ToTable("reminder_deliveries");
        e.HasKey(d => d.Id);
        e.Property(d => d.School).HasMaxLength(16);
        e.Property(d => d.Kind).HasMaxLength(48);
        e.Property(d => d.StudentId).HasMaxLength(32);
        e.Property(d => d.Status).HasConversion(RecordConverters.EnumAsCamelCase<DeliveryStatus>()).HasMaxLength(16);
        e.Property(d => d.LastErrorCode).HasMaxLength(64);
        // The idempotency key: recorded before sending, so a retried job finds it and sends nothing twice.
        e.HasIndex(d => new { d.School, d.Kind, d.StudentId, d.OccurrenceDate }).IsUnique();
        e.HasIndex(d => new { d.School, d.Status });
        e.Property(d => d.ClaimToken).HasMaxLength(32);
        e.Property(d => d.MessageKey).HasMaxLength(64);
        e.Property(d => d.Channel).HasMaxLength(16);
        e.Property(d => d.Account).HasMaxLength(64);
        e.Property(d => d.Detail).HasMaxLength(200);
        // A send job reads back the rows its claim won.
        e.HasIndex(d => d.ClaimToken);
    }
}
