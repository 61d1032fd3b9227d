using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearance.Integrations.Records.EntityConfigurations;

internal sealed class ReminderSubscriptionConfiguration : IEntityTypeConfiguration<ReminderSubscription>
{
    public void Configure(EntityTypeBuilder<ReminderSubscription> e)
    {
        e.ToTable("reminder_subscriptions");
        e.HasKey(s => new { s.School, s.StudentId, s.Kind });
        e.Property(s => s.School).HasMaxLength(16);
        e.Property(s => s.StudentId).HasMaxLength(32);
        e.Property(s => s.Kind).HasMaxLength(48);
        e.Property(s => s.Channel).HasMaxLength(16);
        e.Property(s => s.Account).HasMaxLength(64);
        e.Property(s => s.UserId).HasMaxLength(128);
    }
}
