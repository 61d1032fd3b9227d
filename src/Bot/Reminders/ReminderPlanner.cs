using Clearance.Integrations.Records;
using Clearance.Knowledge.Schools;

namespace Clearance.Bot.Reminders;

/// <summary>What the planner needs to know about a student; no names, no contact details.</summary>
/// <param name="CohortYear">
/// The year the student graduates (was put on the graduation roster). Only entries that fall in a later year than the
/// school's main seed year (bjtu: 确定延期 card expiry, "2012届的次年") need it.
/// </param>
/// <param name="PendingOffices">Ids of the offices still × for this student (required and not passed).</param>
public sealed record PlannerStudent(
    string StudentId,
    string Degree,
    string GraduationType,
    bool HasLoan,
    bool OnCampus,
    int CohortYear,
    IReadOnlyList<string> PendingOffices)
{
    /// <summary>A subscribed student as the planner sees them.</summary>
    public static PlannerStudent From(SubscribedStudent s, TimeZoneInfo zone) => new(
        s.Student.StudentId,
        s.Student.Degree,
        s.Student.GraduationType,
        s.Student.HasLoan,
        s.Student.OnCampus,
        // The roster is loaded in the graduation year: that year is the student's cohort.
        ReminderPlanner.SchoolDate(s.Student.CreatedAt, zone).Year,
        s.PendingOffices);
}

/// <summary>One reminder due for one student on one day (the occurrence, in school time).</summary>
/// <param name="EventDate">The calendar date it is about (the 贴息截止日, the day the card stops…).</param>
/// <param name="Entry">The calendar entry it comes from; for the weekly digest, the window's opening entry.</param>
/// <param name="WindowClose">For window and digest reminders: when the student's window closes, if the calendar says.</param>
public sealed record DueReminder(
    string StudentId,
    string Kind,
    DateOnly Occurrence,
    DateOnly EventDate,
    CalendarEntry Entry,
    DateOnly? WindowClose,
    IReadOnlyList<Office> PendingOffices);

/// <summary>
/// Pure: a school's calendar, a date in the school's time zone and students in → the reminders due that day out.
/// Calendar dates are "MM-DD" and recur yearly; they are placed in the requested date's year, except entries whose
/// seed year lies after the school's main seed year, which keep that offset from the student's cohort year.
/// </summary>
public static class ReminderPlanner
{
    public static IReadOnlyList<int> LoanDaysBefore { get; } = [30, 7, 1];
    public const int CardExpiryDaysBefore = 3;
    public const int CardStopDaysBefore = 1;
    public const int WindowClosingDaysBefore = 2;
    public const int DigestEveryDays = 7;
    public const int OfficeDeadlineDaysBefore = 2;

    public static IReadOnlyList<DueReminder> Plan(SchoolProfile school, DateOnly date, IEnumerable<PlannerStudent> students)
    {
        var mainSeedYear = MainSeedYear(school);
        var due = new List<DueReminder>();
        foreach (var student in students)
            due.AddRange(PlanFor(school, mainSeedYear, date, student));
        return due;
    }

    public static IEnumerable<DueReminder> PlanFor(SchoolProfile school, DateOnly date, PlannerStudent student) =>
        PlanFor(school, MainSeedYear(school), date, student);

    private static IEnumerable<DueReminder> PlanFor(SchoolProfile school, int mainSeedYear, DateOnly date, PlannerStudent student)
    {
        var entries = school.Calendar.Where(e => AppliesTo(e, student)).ToList();
        DueReminder Due(string kind, CalendarEntry entry, DateOnly eventDate, DateOnly? close = null, IReadOnlyList<Office>? offices = null) =>
            new(student.StudentId, kind, date, eventDate, entry, close, offices ?? []);

        foreach (var entry in entries.Where(e => e.Kind == CalendarKinds.LoanInterestEnd))
        {
            // The loan reminder is about the loan: a calendar that forgot "requires: hasLoan" must not reach everyone.
            if (!student.HasLoan) continue;
            var eventDate = EventDate(entry, mainSeedYear, date, student.CohortYear);
            foreach (var days in LoanDaysBefore)
            {
                if (eventDate.AddDays(-days) == date) yield return Due(ReminderKinds.LoanRepayment, entry, eventDate);
            }
        }

        foreach (var entry in CardStops(entries))
        {
            var eventDate = EventDate(entry, mainSeedYear, date, student.CohortYear);
            if (eventDate.AddDays(-CardExpiryDaysBefore) == date) yield return Due(ReminderKinds.CardExpiry, entry, eventDate);
            if (eventDate.AddDays(-CardStopDaysBefore) == date) yield return Due(ReminderKinds.CardStop, entry, eventDate);
        }

        foreach (var entry in entries.Where(e => e.Kind is CalendarKinds.OfficeDeadline or CalendarKinds.GraduationCertificates))
        {
            // A deadline is worth knowing before it passes; certificates on the day they are handed out.
            var eventDate = EventDate(entry, mainSeedYear, date, student.CohortYear);
            var daysBefore = entry.Kind == CalendarKinds.OfficeDeadline ? OfficeDeadlineDaysBefore : 0;
            if (eventDate.AddDays(-daysBefore) == date) yield return Due(ReminderKinds.ImportantDates, entry, eventDate);
        }

        foreach (var open in entries.Where(e => e.Kind == CalendarKinds.ClearanceWindowOpen))
        {
            var openDate = EventDate(open, mainSeedYear, date, student.CohortYear);
            var close = entries
                .Where(e => e.Kind == CalendarKinds.ClearanceWindowClose)
                .Select(e => (Entry: e, Date: EventDate(e, mainSeedYear, date, student.CohortYear)))
                .Where(c => c.Date >= openDate)
                .OrderBy(c => c.Date)
                .FirstOrDefault();
            DateOnly? closeDate = close.Entry is null ? null : close.Date;
            if (openDate == date) yield return Due(ReminderKinds.WindowOpen, open, openDate, closeDate);
            if (close.Entry is not null && close.Date.AddDays(-WindowClosingDaysBefore) == date)
                yield return Due(ReminderKinds.WindowClosing, close.Entry, close.Date, closeDate);
            var inWindow = date >= openDate && (closeDate is null ? date <= openDate.AddDays(DigestEveryDays * 2) : date <= closeDate);
            if (inWindow && (date.DayNumber - openDate.DayNumber) % DigestEveryDays == 0 && student.PendingOffices.Count > 0)
            {
                var offices = school.Clearance.Offices
                    .Where(o => student.PendingOffices.Contains(o.Id, StringComparer.OrdinalIgnoreCase))
                    .OrderBy(o => o.Order)
                    .ToList();
                if (offices.Count > 0) yield return Due(ReminderKinds.PendingOffices, open, date, closeDate, offices);
            }
        }
    }

    /// <summary>
    /// The card-stop entries that speak for this student. An entry for their graduation type (cqu: 上本校博 keeps the
    /// master's card until 09-20) overrides the general one for their degree (cqu: every graduate's card stops 07-10).
    /// </summary>
    private static IEnumerable<CalendarEntry> CardStops(List<CalendarEntry> applicable)
    {
        var stops = applicable.Where(e => e.Kind == CalendarKinds.CardStop).ToList();
        var specific = stops.Where(e => e.GraduationTypes.Count > 0).ToList();
        return specific.Count > 0 ? specific : stops;
    }

    public static bool AppliesTo(CalendarEntry entry, PlannerStudent student)
    {
        if (entry.Degrees.Count > 0 && !entry.Degrees.Contains(student.Degree, StringComparer.Ordinal)) return false;
        if (entry.GraduationTypes.Count > 0 && !entry.GraduationTypes.Contains(student.GraduationType, StringComparer.Ordinal)) return false;
        return entry.Requires switch
        {
            null or "" => true,
            "hasLoan" => student.HasLoan,
            "onCampus" => student.OnCampus,
            // A requirement we do not know: better no reminder than a wrong one.
            _ => false,
        };
    }

    /// <summary>
    /// The seed year most entries share: the cohort the seed document was written for. Entries with a later seed year
    /// happen that many years after graduation.
    /// </summary>
    public static int MainSeedYear(SchoolProfile school) =>
        school.Calendar
            .Where(e => e.SeedYear is not null)
            .GroupBy(e => e.SeedYear!.Value)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key)
            .Select(g => g.Key)
            .FirstOrDefault();

    /// <summary>Years after graduation: 0 for most entries, 1 for bjtu's 确定延期 card expiry.</summary>
    public static int YearOffset(CalendarEntry entry, int mainSeedYear) =>
        entry.SeedYear is { } seed && mainSeedYear > 0 ? Math.Max(0, seed - mainSeedYear) : 0;

    /// <summary>
    /// Where an entry falls: in the requested date's year (the calendar recurs), or, for an entry some years after
    /// graduation, that many years after the student's cohort — a 2026 确定延期 student's card expires on 2027-07-15,
    /// and a 2025 one's on 2026-07-15.
    /// </summary>
    public static DateOnly EventDate(CalendarEntry entry, int mainSeedYear, DateOnly date, int cohortYear)
    {
        var offset = YearOffset(entry, mainSeedYear);
        return entry.DateIn(offset == 0 ? date.Year : cohortYear + offset);
    }

    /// <summary>The school's date at an instant: a job at 2026-06-24T16:30Z runs on 06-25 in Shanghai.</summary>
    public static DateOnly SchoolDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
