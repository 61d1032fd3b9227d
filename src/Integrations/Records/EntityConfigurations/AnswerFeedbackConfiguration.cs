using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearance.Integrations.Records.EntityConfigurations;

internal sealed class AnswerFeedbackConfiguration : IEntityTypeConfiguration<AnswerFeedback>
{
    public void Configure(EntityTypeBuilder<AnswerFeedback> e)
    {
        e.ToTable("answer_feedback");
        e.HasKey(f => f.Id);
        e.Property(f => f.School).HasMaxLength(16);
        e.Property(f => f.Channel).HasMaxLength(16);
        e.Property(f => f.UserHash).HasMaxLength(32);
        e.Property(f => f.GuideId).HasMaxLength(128);
        e.Property(f => f.Question).HasMaxLength(QuestionText.MaxLength);
        e.Property(f => f.Reply).HasMaxLength(4096);
        // The console counts votes per guide; a repeated click looks up the user's earlier vote.
        e.HasIndex(f => new { f.School, f.GuideId });
        e.HasIndex(f => new { f.School, f.UserHash });
    }
}
