using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearance.Integrations.Records.EntityConfigurations;

internal sealed class UnansweredQuestionConfiguration : IEntityTypeConfiguration<UnansweredQuestion>
{
    public void Configure(EntityTypeBuilder<UnansweredQuestion> e)
    {
        e.ToTable("unanswered_questions");
        e.HasKey(q => q.Id);
        e.Property(q => q.School).HasMaxLength(16);
        e.Property(q => q.Normalised).HasMaxLength(QuestionText.MaxLength);
        e.Property(q => q.Text).HasMaxLength(QuestionText.MaxLength);
        e.Property(q => q.Kind).HasMaxLength(16);
        e.Property(q => q.NearestGuideId).HasMaxLength(128);
        // One row per wording: concurrent asks increment it instead of adding rows.
        e.HasIndex(q => new { q.School, q.Normalised }).IsUnique();
    }
}
