using System.ComponentModel.DataAnnotations;

namespace Clearance.Bot.Feedback;

/// <summary><c>Feedback</c>: how long what students asked and voted is kept for the staff console.</summary>
public sealed class FeedbackOptions
{
    public const string SectionName = "Feedback";

    /// <summary>
    /// Missed questions not asked again, and votes not changed, for this many days are deleted. A little over a year:
    /// staff improving the guides before a graduation season still see what the last one asked, and nothing a student
    /// typed stays for good.
    /// </summary>
    [Range(7, 3_650)]
    public int RetentionDays { get; set; } = 400;
}
