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

/// <summary>
/// Questions are personal-ish: student ids, ID digits, phone numbers and a name given as "我叫…" are masked before
/// they are stored. Students type these to staff as they would to a person (issue 17: "我叫周四 身份证尾号44444X
/// 手机138-1234-5678"); staff need the question, not who asked it. Masking errs towards too much: a masked date
/// or room number costs a little context, an unmasked ID tail is personal data in the console.
/// </summary>
public static partial class QuestionText
{
    public const int MaxLength = 500;

    public static string Mask(string text)
    {
        var masked = text.Trim();
        masked = LabelledStudentId().Replace(masked, "${label}${sep}＊");
        masked = GivenName().Replace(masked, "${label}＊");
        // ID tails ending in X first: a plain digit run would leave the X (and a 5-digit tail is not "long").
        masked = IdCardWithX().Replace(masked, "＊");
        // Separated phone numbers before digit runs, so a number goes as one mask and not its area code left behind.
        masked = SeparatedPhone().Replace(masked, "＊");
        masked = LongDigits().Replace(masked, "＊");
        return masked.Length <= MaxLength ? masked : masked[..MaxLength];
    }

    /// <summary>Same question, same key: full-width folded (NFKC), lower case, no spaces, no trailing punctuation.</summary>
    public static string Normalise(string text)
    {
        var folded = Mask(text).Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant();
        var noSpace = string.Concat(folded.Where(c => !char.IsWhiteSpace(c)));
        return noSpace.TrimEnd('?', '!', '.', ',', '。', '，', '~', '…', '、', ';', ':');
    }

    /// <summary>Student ids (cqu 20181234, cumt 2020010002, letter-prefixed MG20330123) and any other run of six or more digits.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"[A-Za-z]{0,4}\d{6,}")]
    private static partial System.Text.RegularExpressions.Regex LongDigits();

    /// <summary>Whatever follows 学号 in the shape binding accepts as a student id, however short.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<label>学号|学籍号)(?<sep>\s*(?:是|为|[:：])?\s*)[A-Za-z0-9_-]{4,32}")]
    private static partial System.Text.RegularExpressions.Regex LabelledStudentId();

    /// <summary>The last 5 to 17 digits of an ID number ending in X (44444X, 12345x, the whole number).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\d{5,17}[Xx](?![A-Za-z])")]
    private static partial System.Text.RegularExpressions.Regex IdCardWithX();

    /// <summary>Phone numbers with hyphens or spaces: 138-1234-5678, 138 1234 5678, 023-65111635, (023)65111635.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!\d)(?:\d{3,4}[-－\s]\d{3,4}[-－\s]\d{4}|\d{3,4}[-－\s]\d{7,8}|[(（]\d{3,4}[)）]\s*\d{7,8})(?!\d)")]
    private static partial System.Text.RegularExpressions.Regex SeparatedPhone();

    /// <summary>A name the student gives: "我叫周四".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<label>我叫)\s*\p{IsCJKUnifiedIdeographs}{2,4}")]
    private static partial System.Text.RegularExpressions.Regex GivenName();
}
