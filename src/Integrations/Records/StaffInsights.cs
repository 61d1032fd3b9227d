using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Records;

/// <summary>
/// A student's 👍 / 👎 on one answer (web page buttons, or "有用" / "没用" on WeChat). Kept so staff can see which
/// guides help and which do not; the user is kept only as a hash, enough to let a second click change the vote.
/// </summary>
public sealed class AnswerFeedback
{
    public long Id { get; set; }
    public required string School { get; set; }
    /// <summary><c>web</c>, <c>mp</c>, <c>work</c>.</summary>
    public required string Channel { get; set; }
    /// <summary>Truncated SHA-256 of the conversation key; never the openid or web id itself.</summary>
    public required string UserHash { get; set; }
    public string? GuideId { get; set; }
    public bool Helpful { get; set; }
    /// <summary>The question answered, with long digit runs masked (see <see cref="QuestionText"/>).</summary>
    public string? Question { get; set; }
    public string? Reply { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A question students asked that the guides did not answer (<c>unanswered</c>) or answered only narrowly
/// (<c>low-confidence</c>), grouped by its normalised wording so staff see what to add first.
/// </summary>
public sealed class UnansweredQuestion
{
    public const string Unanswered = "unanswered";
    public const string LowConfidence = "low-confidence";

    public long Id { get; set; }
    public required string School { get; set; }
    /// <summary>The grouping key: see <see cref="QuestionText.Normalise"/>.</summary>
    public required string Normalised { get; set; }
    /// <summary>The wording of the latest ask, digits masked.</summary>
    public required string Text { get; set; }
    public required string Kind { get; set; }
    /// <summary>The guide the question nearly matched, if any, so staff know which guide to extend.</summary>
    public string? NearestGuideId { get; set; }
    public double Score { get; set; }
    public double Margin { get; set; }
    public int Count { get; set; }
    public DateTimeOffset FirstAskedAt { get; set; }
    public DateTimeOffset LastAskedAt { get; set; }
}

/// <summary>Questions are personal-ish: student ids, ID digits and phone numbers are masked before they are stored.</summary>
public static partial class QuestionText
{
    public const int MaxLength = 500;

    public static string Mask(string text)
    {
        var masked = LongDigits().Replace(text.Trim(), "＊");
        return masked.Length <= MaxLength ? masked : masked[..MaxLength];
    }

    /// <summary>Same question, same key: full-width folded (NFKC), lower case, no spaces, no trailing punctuation.</summary>
    public static string Normalise(string text)
    {
        var folded = Mask(text).Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant();
        var noSpace = string.Concat(folded.Where(c => !char.IsWhiteSpace(c)));
        return noSpace.TrimEnd('?', '!', '.', ',', '。', '，', '~', '…', '、', ';', ':');
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{6,}")]
    private static partial System.Text.RegularExpressions.Regex LongDigits();
}
