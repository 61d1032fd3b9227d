using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearance.Integrations.Records.EntityConfigurations;

internal sealed class SubmissionConfiguration : IEntityTypeConfiguration<Submission>
{
    public void Configure(EntityTypeBuilder<Submission> e)
    {
        e.ToTable("submissions");
        e.HasKey(s => new { s.School, s.StudentId });
        e.Property(s => s.Channel).HasMaxLength(16);
    }
}
