namespace Clearance.Bot.Conversation;

/// <summary>
/// Where each middleware sits around the router, stated rather than implied by registration order (as dialogs have
/// <see cref="IDialog.Priority"/>). Lower is further out: it runs earlier on the way in and later on the way out.
/// </summary>
public static class TurnOrder
{
    /// <summary>Outermost of all: a turn that arrives while the host is still loading waits for it (Startup/StartupGate).</summary>
    public const int Startup = -100;
    /// <summary>Outermost after the start-up wait: leaving is never rate-limited, and no dialog sees it.</summary>
    public const int UserLeft = 0;
    /// <summary>Before identity, so a flood costs no database reads.</summary>
    public const int RateLimit = 100;
    /// <summary>Who the student is, before anything that logs or answers.</summary>
    public const int Identity = 200;
    /// <summary>Sees the identity and the reply as the user gets it, follow offer included.</summary>
    public const int Logging = 300;
    /// <summary>Just inside logging: counts and times the reply as the user gets it.</summary>
    public const int Metrics = 350;
    /// <summary>Adds the reminder offer to a welcome.</summary>
    public const int ReminderOffer = 400;
    /// <summary>Inside everything that logs or counts, so a dialog failing on a database outage is logged as the reply the user got.</summary>
    public const int RecordsOutage = 450;
    /// <summary>Innermost: the router's own reply, before anything is added to it.</summary>
    public const int QuestionInsights = 500;
}
