namespace Clearance.Integrations.Records;

/// <summary>
/// What the bot reminds of. A kind is the key of a subscription, of a delivery and of a template id
/// (<c>WeChat:Accounts:{name}:TemplateIds:{kind}</c>); students choose by topic (还贷, 校园卡…), which may cover several kinds.
/// </summary>
public static class ReminderKinds
{
    /// <summary>30, 7 and 1 days before the loan's 贴息截止日 (students with a loan).</summary>
    public const string LoanRepayment = "loan-repayment";
    /// <summary>A few days before the student's card expires: spend or move the balance, what happens to 网费.</summary>
    public const string CardExpiry = "card-expiry";
    /// <summary>The day before the card stops.</summary>
    public const string CardStop = "card-stop";
    public const string WindowOpen = "window-open";
    /// <summary>Two days before the clearance window closes.</summary>
    public const string WindowClosing = "window-closing";
    /// <summary>Weekly during the window: the offices still × and where to go.</summary>
    public const string PendingOffices = "pending-offices";
    /// <summary>
    /// The other dates of the school's calendar: two days before an office's deadline (cqu: 虎溪 DZ119 until 06-29;
    /// bjtu: the card balance paid into the bank card by 07-15), and the day certificates start to be handed out.
    /// </summary>
    public const string ImportantDates = "important-dates";
    /// <summary>Subscription to every kind.</summary>
    public const string All = "*";
    /// <summary>Template id used when several kinds go out as one message.</summary>
    public const string DigestTemplate = "digest";

    /// <summary>In the order a digest lists them: the most urgent money matters first.</summary>
    public static IReadOnlyList<string> Ordered { get; } =
        [LoanRepayment, CardStop, CardExpiry, WindowClosing, WindowOpen, ImportantDates, PendingOffices];

    public static bool IsKnown(string kind) => Ordered.Contains(kind, StringComparer.Ordinal);

    public static int Order(string kind)
    {
        var index = Ordered.ToList().IndexOf(kind);
        return index < 0 ? int.MaxValue : index;
    }
}
