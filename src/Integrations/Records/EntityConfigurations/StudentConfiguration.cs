using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearance.Integrations.Records.EntityConfigurations;

internal sealed class StudentConfiguration : IEntityTypeConfiguration<Student>
{
    public void Configure(EntityTypeBuilder<Student> e)
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
    }
}
