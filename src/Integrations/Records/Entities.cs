namespace Clearance.Integrations.Records;

/// <summary>A graduate on a school's roster. The ID digits are never stored, only <see cref="IdLast6Hash"/>.</summary>
public sealed class Student
{
    public required string School { get; set; }
    public required string StudentId { get; set; }
    public required string Name { get; set; }
    /// <summary>本科 / 硕士 / 博士.</summary>
    public string Degree { get; set; } = "";
    /// <summary>正常毕业 / 上本校研 / 上本校博 / 确定延期 / 不确定延期 / 结业 / 肄业.</summary>
    public string GraduationType { get; set; } = "";
    public string? Campus { get; set; }
    public bool HasLoan { get; set; }
    public bool OnCampus { get; set; }
    /// <summary>Not a roster column yet; cqu's party committee batch-passes non-members, so the flag has a home.</summary>
    public bool PartyMember { get; set; }
    public string? WeComUserId { get; set; }
    /// <summary>Keyed hash of the last six ID-card characters, naming its scheme and key (older rows: salted PBKDF2); see <see cref="IdDigitsHasher"/>.</summary>
    public required string IdLast6Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<OfficeStatus> Offices { get; set; } = [];
    public Submission? Submission { get; set; }
}

public enum OfficeState
{
    Pending,
    Passed,
    NotRequired,
}

/// <summary>One office's verdict on one student, with the details that explain it.</summary>
public sealed class OfficeStatus
{
    public required string School { get; set; }
    public required string StudentId { get; set; }
    public required string OfficeId { get; set; }
    public OfficeState State { get; set; }
    public string? Note { get; set; }
    public OfficeDetails Details { get; set; } = new();
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Staff key label, <c>roster</c>, <c>demo</c> or <c>student</c>; never an API key.</summary>
    public string? UpdatedBy { get; set; }
}

/// <summary>What the office's own system shows: named fields (未还册数, 楼宇…) and, for finance, fee rows and the total.</summary>
public sealed record OfficeDetails
{
    public Dictionary<string, string> Fields { get; init; } = new(StringComparer.Ordinal);
    public List<FeeRow> Rows { get; init; } = [];
    public decimal? Total { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Fields.Count == 0 && Rows.Count == 0 && Total is null;

    /// <summary>Debts are fee rows or a positive total; cqu's finance passes everyone without one before the window opens.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasDebts => Rows.Any(r => r.Amount > 0) || Total > 0;
}

/// <summary>A finance row as cumt shows it: 收费学年, 收费项目名称, 欠款.</summary>
public sealed record FeeRow(string Year, string Item, decimal Amount);

/// <summary>Clearance submitted by the student (cumt: 提交离校服务, once only).</summary>
public sealed class Submission
{
    public required string School { get; set; }
    public required string StudentId { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? Channel { get; set; }
}

/// <summary>A chat conversation (channel:account:user) bound to a student after the 学号/姓名/身份证后六位 check.</summary>
public sealed class Binding
{
    public required string ConversationKey { get; set; }
    public required string School { get; set; }
    public required string StudentId { get; set; }
    public DateTimeOffset BoundAt { get; set; }
}

/// <summary>Every change to a record: who (a label, never a key), when, what it was and what it became.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string School { get; set; }
    public required string StudentId { get; set; }
    /// <summary>The office changed; null for roster and submission changes.</summary>
    public string? OfficeId { get; set; }
    /// <summary><c>status</c>, <c>status-forced</c> (a gated office passed early), <c>roster</c>, <c>submit</c>, <c>bind</c>, <c>unbind</c>, <c>binding-clear</c> (staff reset the binding limits of the student id).</summary>
    public required string Action { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

/// <summary>A student's choice to get (or not) reminders of a kind, and where to reach them. Used by the reminders feature.</summary>
public sealed class ReminderSubscription
{
    public required string School { get; set; }
    public required string StudentId { get; set; }
    /// <summary>A calendar kind (e.g. <c>card-stop</c>) or <c>*</c> for all.</summary>
    public required string Kind { get; set; }
    public bool Subscribed { get; set; }
    public string? Channel { get; set; }
    public string? Account { get; set; }
    public string? UserId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum DeliveryStatus
{
    Planned,
    Sending,
    Sent,
    Failed,
    DeadLettered,
    Skipped,
    /// <summary>Claimed but the outcome is unknown (crash or timeout) and too old to re-send safely: for a person to reconcile.</summary>
    Uncertain,
}

/// <summary>One reminder to one student for one occurrence; the unique (school, kind, student, occurrence) is the idempotency key.</summary>
public sealed class ReminderDelivery
{
    public long Id { get; set; }
    public required string School { get; set; }
    public required string Kind { get; set; }
    public required string StudentId { get; set; }
    public DateOnly OccurrenceDate { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastErrorCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>Earliest time to send or retry: quiet hours and back-off push it forward.</summary>
    public DateTimeOffset? NotBefore { get; set; }
    /// <summary>When the current (or last) attempt claimed it; a <see cref="DeliveryStatus.Sending"/> row this old was abandoned.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }
    /// <summary>Who claimed it: the claim is a conditional update, the token tells each claimer which rows it won.</summary>
    public string? ClaimToken { get; set; }
    /// <summary>The idempotency key sent with the message (MP <c>client_msg_id</c>); every row of one digest carries the same key.</summary>
    public string? MessageKey { get; set; }
    /// <summary><c>mp</c> or <c>work</c> once an attempt chose a channel.</summary>
    public string? Channel { get; set; }
    public string? Account { get; set; }
    /// <summary>Why it was skipped or what the platform said; never message text or user ids.</summary>
    public string? Detail { get; set; }
}
