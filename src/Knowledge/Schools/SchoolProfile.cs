namespace Clearance.Knowledge.Schools;

/// <summary>A school as described by its <c>school.yml</c>: who to call, which offices a graduate must clear, and the dates that matter.</summary>
public sealed class SchoolProfile
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Aliases { get; set; } = [];
    public string TimeZone { get; set; } = "Asia/Shanghai";
    public string? Source { get; set; }
    public SchoolContact Contact { get; set; } = new();
    /// <summary>The campuses as the school names them; the roster's campus column must be one of them (A校区 = A区).</summary>
    public List<string> Campuses { get; set; } = [];
    public ClearanceProcess Clearance { get; set; } = new();
    public List<CalendarEntry> Calendar { get; set; } = [];

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public Office? FindOffice(string officeId) =>
        Clearance.Offices.FirstOrDefault(o => string.Equals(o.Id, officeId, StringComparison.OrdinalIgnoreCase));
}

public sealed class SchoolContact
{
    public string? Office { get; set; }
    public List<string> Phone { get; set; } = [];
    public string? Where { get; set; }
    public string? Hours { get; set; }
}

public sealed class ClearanceProcess
{
    public string? System { get; set; }
    /// <summary>The degrees the clearance applies to (the roster's degree column); empty means 本科, 硕士 and 博士.</summary>
    public List<string> AppliesTo { get; set; } = [];
    /// <summary>The graduation types the school's roster uses; empty means the standard seven (design.md).</summary>
    public List<string> GraduationTypes { get; set; } = [];
    public bool SubmitOnce { get; set; }
    public string? OrderingRule { get; set; }
    /// <summary>The ordering rule in one short line, for the status reply; <see cref="OrderingRule"/> keeps the seed's full wording.</summary>
    public string? OrderingSummary { get; set; }
    public List<Office> Offices { get; set; } = [];
}

/// <summary>One office (department) of the clearance process.</summary>
public sealed class Office
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public int Order { get; set; }
    /// <summary><c>parallel</c> or <c>afterAll</c> (only once every other required office has passed).</summary>
    public string Gate { get; set; } = OfficeGates.Parallel;
    /// <summary><c>always</c>, <c>hasLoan</c>, <c>onCampus</c>, <c>partyMember</c>, <c>graduate</c>, <c>undergraduate</c>.</summary>
    public string RequiredWhen { get; set; } = OfficeRequirements.Always;
    public string? Advice { get; set; }
    public List<string> Phone { get; set; } = [];
    public string? Where { get; set; }
    public string? Hours { get; set; }
    public string? Guide { get; set; }
    public List<string> Details { get; set; } = [];

    public bool IsGatedAfterAll => string.Equals(Gate, OfficeGates.AfterAll, StringComparison.OrdinalIgnoreCase);
}

public static class OfficeGates
{
    public const string Parallel = "parallel";
    public const string AfterAll = "afterAll";
}

public static class OfficeRequirements
{
    public const string Always = "always";
    public const string HasLoan = "hasLoan";
    public const string OnCampus = "onCampus";
    public const string PartyMember = "partyMember";
    public const string Graduate = "graduate";
    public const string Undergraduate = "undergraduate";
}

/// <summary>A date from the seed worth a reminder. <see cref="Date"/> is "MM-DD" and recurs yearly.</summary>
public sealed class CalendarEntry
{
    public string Kind { get; set; } = "";
    public string Date { get; set; } = "";
    public int? SeedYear { get; set; }
    public string Title { get; set; } = "";
    public string? Note { get; set; }
    public List<string> Degrees { get; set; } = [];
    public List<string> GraduationTypes { get; set; } = [];
    public string? Requires { get; set; }
    /// <summary>Per-year overrides of the month-day rule (<c>years: {2027: {date: "06-24"}}</c>), set at the yearly roll-over.</summary>
    public Dictionary<int, CalendarYear> Years { get; set; } = [];

    /// <summary>The entry's date in <paramref name="year"/>: that year's override, else the month-day rule.</summary>
    public DateOnly DateIn(int year)
    {
        var parts = (Years.TryGetValue(year, out var overridden) && !string.IsNullOrWhiteSpace(overridden.Date) ? overridden.Date : Date).Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var month) || !int.TryParse(parts[1], out var day))
            throw new FormatException($"calendar date '{Date}' is not MM-DD");
        return new DateOnly(year, month, day);
    }
}

/// <summary>One year's override of a calendar entry.</summary>
public sealed class CalendarYear
{
    /// <summary>"MM-DD" in that year.</summary>
    public string Date { get; set; } = "";
}

public static class CalendarKinds
{
    public const string ClearanceWindowOpen = "clearance-window-open";
    public const string ClearanceWindowClose = "clearance-window-close";
    public const string CardStop = "card-stop";
    public const string LoanInterestEnd = "loan-interest-end";
    public const string GraduationCertificates = "graduation-certificates";
    public const string OfficeDeadline = "office-deadline";
}
