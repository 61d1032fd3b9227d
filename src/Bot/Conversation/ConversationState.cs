namespace Clearance.Bot.Conversation;

/// <summary>Per-user state between turns: plain data, serialised to the shared state store with an expiry.</summary>
public sealed class ConversationState
{
    /// <summary>The dialog waiting for this user's next message (binding asks several questions).</summary>
    public string? ActiveDialog { get; set; }
    /// <summary>Dialog-owned values, e.g. the student id typed in the previous binding step.</summary>
    public Dictionary<string, string> Values { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The guide the last answer came from, so "电话多少?" resolves against it.</summary>
    public string? LastGuideId { get; set; }
    public string? LastQuestion { get; set; }
    public string? LastIntent { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Nothing a later turn would read: no dialog waiting, no values, no topic to follow up. The pipeline stores no
    /// entry for it, so a stream of one-off questions from new ids costs no conversation memory.
    /// </summary>
    public bool IsEmpty =>
        ActiveDialog is null && Values.Count == 0 && LastGuideId is null && LastQuestion is null && LastIntent is null;
}
