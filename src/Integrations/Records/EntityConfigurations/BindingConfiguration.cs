using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearance.Integrations.Records.EntityConfigurations;

internal sealed class BindingConfiguration : IEntityTypeConfiguration<Binding>
{
    public void Configure(EntityTypeBuilder<Binding> e)
    {
        e.ToTable("bindings");
        e.HasKey(b => b.ConversationKey);
        e.Property(b => b.ConversationKey).HasMaxLength(200);
        e.Property(b => b.School).HasMaxLength(16);
        e.Property(b => b.StudentId).HasMaxLength(32);
        e.HasIndex(b => new { b.School, b.StudentId });
    }
}
