namespace Clearance.Bot.Reminders;

/// <summary>
/// The hours in which nothing is sent, in school time. <see cref="Start"/> after <see cref="End"/> means the quiet
/// period spans midnight (22:00–08:00).
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public bool IsQuiet(DateTimeOffset instant, TimeZoneInfo zone)
    {
        if (Start == End) return false;
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        return Start < End
            ? local >= Start && local < End
            : local >= Start || local < End;
    }

    /// <summary>The instant itself outside the quiet hours, else the end of the quiet hours (in UTC, as the records store it).</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset instant, TimeZoneInfo zone)
    {
        if (!IsQuiet(instant, zone)) return instant.ToUniversalTime();
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        // Before midnight the quiet hours end tomorrow morning; after midnight, this morning.
        if (Start > End && TimeOnly.FromDateTime(local.DateTime) >= Start) day = day.AddDays(1);
        var endLocal = day.ToDateTime(End, DateTimeKind.Unspecified);
        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal)).ToUniversalTime();
    }
}
