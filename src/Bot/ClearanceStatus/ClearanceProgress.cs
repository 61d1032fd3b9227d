using Clearance.Integrations.Records;
using Clearance.Knowledge.Schools;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// Which of a school's offices (from <c>school.yml</c>) a student must visit: 资助中心 only with a loan, the dormitory
/// only for students who lived on campus, the party committee only for members, and so on.
/// </summary>
public sealed class SchoolOfficePlan(SchoolProfile profile) : IOfficePlan
{
    public IReadOnlyList<string> OfficeIds { get; } = [.. profile.Clearance.Offices.OrderBy(o => o.Order).Select(o => o.Id)];

    public bool IsRequired(string officeId, Student student) =>
        profile.FindOffice(officeId) is not { } office || IsRequired(office, student);

    public static bool IsRequired(Office office, Student student) => office.RequiredWhen switch
    {
        OfficeRequirements.HasLoan => student.HasLoan,
        OfficeRequirements.OnCampus => student.OnCampus,
        OfficeRequirements.PartyMember => student.PartyMember,
        OfficeRequirements.Graduate => student.Degree is "硕士" or "博士",
        OfficeRequirements.Undergraduate => student.Degree == "本科",
        // "always", and any rule a school invents that we do not know yet: asking a student to check is the safe side.
        _ => true,
    };
}

/// <summary>One office in a student's progress: the office from school.yml, its status, and whether its gate is open.</summary>
public sealed record OfficeProgress(Office Office, OfficeState State, bool Required, OfficeStatus? Status, bool WaitingForOthers)
{
    public bool Done => State is OfficeState.Passed or OfficeState.NotRequired;
}

/// <summary>A student's clearance combined with the school's rules: order, gating, what is missing, whether they may submit.</summary>
public sealed class ClearanceProgress
{
    private ClearanceProgress(SchoolProfile school, ClearanceRecord record, IReadOnlyList<OfficeProgress> offices)
    {
        School = school;
        Record = record;
        Offices = offices;
    }

    public SchoolProfile School { get; }
    public ClearanceRecord Record { get; }
    public Student Student => Record.Student;
    public IReadOnlyList<OfficeProgress> Offices { get; }

    public IReadOnlyList<OfficeProgress> Missing => [.. Offices.Where(o => !o.Done)];

    public bool Complete => Offices.All(o => o.Done);

    public bool Submitted => Record.SubmittedAt is not null;

    public static ClearanceProgress For(SchoolProfile school, ClearanceRecord record)
    {
        var ordered = school.Clearance.Offices.OrderBy(o => o.Order).ToList();
        var states = ordered.Select(office =>
        {
            var status = record.Office(office.Id);
            var required = SchoolOfficePlan.IsRequired(office, record.Student);
            // An office added to school.yml after the import has no row yet: it is pending if it applies to the student.
            var state = status?.State ?? (required ? OfficeState.Pending : OfficeState.NotRequired);
            return (office, status, required, state);
        }).ToList();
        var offices = states.Select(s =>
        {
            var othersOpen = states.Any(o => o.office != s.office && o.state == OfficeState.Pending);
            return new OfficeProgress(s.office, s.state, s.required, s.status,
                WaitingForOthers: s.office.IsGatedAfterAll && s.state == OfficeState.Pending && othersOpen);
        }).ToList();
        return new ClearanceProgress(school, record, offices);
    }
}
