using Clearance.Integrations.Records;
using Clearance.Bot.Reminders;
using Clearance.Knowledge.Schools;

namespace Clearance.Bot.Tests.Reminders;

/// <summary>The planner against the real calendars in knowledge-base/*/school.yml.</summary>
public sealed class ReminderPlannerTests
{
    internal static SchoolProfile School(string id) =>
        SchoolProfileParser.Parse(id, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "knowledge-base", id, "school.yml")));

    private static readonly SchoolProfile Cqu = School("cqu");
    private static readonly SchoolProfile Bjtu = School("bjtu");
    private static readonly SchoolProfile Buct = School("buct");

    private static PlannerStudent Student(
        string degree = "硕士", string type = "正常毕业", bool loan = false, int cohort = 2026, params string[] pending) =>
        new("s1", degree, type, loan, OnCampus: true, cohort, pending);

    private static List<string> KindsOn(SchoolProfile school, string date, PlannerStudent student) =>
        [.. ReminderPlanner.PlanFor(school, DateOnly.Parse(date), student).Select(d => d.Kind).Order()];

    [Fact]
    public void CquGraduateGetsWindowOpeningWithPendingOfficesOnTheFirstDay()
    {
        var due = ReminderPlanner.PlanFor(Cqu, new DateOnly(2026, 6, 25), Student(pending: ["library", "dormitory"])).ToList();

        Assert.Equal([ReminderKinds.PendingOffices, ReminderKinds.WindowOpen], due.Select(d => d.Kind).Order());
        var open = due.Single(d => d.Kind == ReminderKinds.WindowOpen);
        Assert.Equal(new DateOnly(2026, 6, 25), open.EventDate);
        Assert.Equal(new DateOnly(2026, 7, 2), open.WindowClose);
        var digest = due.Single(d => d.Kind == ReminderKinds.PendingOffices);
        Assert.Equal(["dormitory", "library"], digest.PendingOffices.Select(o => o.Id).Order());
    }

    [Theory]
    [InlineData("2026-06-24", "")]
    [InlineData("2026-06-26", "")]
    [InlineData("2026-06-30", ReminderKinds.WindowClosing)]
    [InlineData("2026-07-02", ReminderKinds.PendingOffices)]
    [InlineData("2026-07-07", ReminderKinds.CardExpiry)]
    [InlineData("2026-07-09", ReminderKinds.CardStop)]
    [InlineData("2026-07-10", "")]
    [InlineData("2027-06-30", ReminderKinds.WindowClosing)]
    public void CquCalendarRecursEachYear(string date, string expected)
    {
        Assert.Equal(expected.Length == 0 ? [] : [expected], KindsOn(Cqu, date, Student(pending: ["library"])));
    }

    [Fact]
    public void OfficeDeadlinesComeTwoDaysAheadAndCertificatesOnTheirDay()
    {
        var deadline = ReminderPlanner.PlanFor(Cqu, new DateOnly(2026, 6, 27), Student()).Single();
        var certificates = ReminderPlanner.PlanFor(Cqu, new DateOnly(2026, 6, 29), Student()).Single();
        // bjtu's undergraduates: their card balance reaches the bank card by 07-15.
        var bank = ReminderPlanner.PlanFor(Bjtu, new DateOnly(2026, 7, 13), Student(degree: "本科")).Single();

        Assert.Equal(ReminderKinds.ImportantDates, deadline.Kind);
        Assert.Equal(new DateOnly(2026, 6, 29), deadline.EventDate);
        Assert.Contains("DZ119", deadline.Entry.Title);
        Assert.Equal(CalendarKinds.GraduationCertificates, certificates.Entry.Kind);
        Assert.Equal(new DateOnly(2026, 6, 29), certificates.EventDate);
        Assert.Equal(new DateOnly(2026, 7, 15), bank.EventDate);
        // Graduate students' balance goes by 09-10 instead; on 07-13 they hear only of their own card (it stops 07-16).
        Assert.DoesNotContain(ReminderPlanner.PlanFor(Bjtu, new DateOnly(2026, 7, 13), Student(degree: "硕士")), d => d.Kind == ReminderKinds.ImportantDates);
        var text = ReminderMessage.Compose(Cqu, [certificates], new DateOnly(2026, 6, 29)).Text;
        Assert.Contains("6月29日（今天）", text);
        Assert.Contains("2026年6月29日下午", text);
    }

    [Fact]
    public void WeeklyDigestNeedsSomethingPending()
    {
        Assert.Equal([ReminderKinds.WindowOpen], KindsOn(Cqu, "2026-06-25", Student()));
        Assert.Empty(KindsOn(Cqu, "2026-07-02", Student()));
    }

    [Fact]
    public void CquUndergraduatesHaveNoGraduateCalendar()
    {
        foreach (var day in Enumerable.Range(0, 120).Select(i => new DateOnly(2026, 5, 1).AddDays(i)))
            Assert.Empty(ReminderPlanner.PlanFor(Cqu, day, Student(degree: "本科", pending: ["library"])));
    }

    [Fact]
    public void GraduationTypeEntryOverridesTheGeneralCardStop()
    {
        // cqu 硕博连读: the master's card stops on 09-20, not with everyone else's on 07-10.
        var straightToPhd = Student(type: "上本校博");
        Assert.Empty(KindsOn(Cqu, "2026-07-07", straightToPhd));
        Assert.Equal([ReminderKinds.CardExpiry], KindsOn(Cqu, "2026-09-17", straightToPhd));
        Assert.Equal([ReminderKinds.CardStop], KindsOn(Cqu, "2026-09-19", straightToPhd));
        Assert.Empty(KindsOn(Cqu, "2026-09-17", Student()));
    }

    [Theory]
    [InlineData("本科", "正常毕业", "2026-06-23", "2026-06-26")]
    [InlineData("硕士", "正常毕业", "2026-07-13", "2026-07-16")]
    [InlineData("博士", "正常毕业", "2026-07-13", "2026-07-16")]
    [InlineData("本科", "上本校研", "2026-09-12", "2026-09-15")]
    [InlineData("本科", "不确定延期", "2026-09-12", "2026-09-15")]
    [InlineData("硕士", "上本校博", "2026-09-12", "2026-09-15")]
    public void BjtuCardExpiryFollowsDegreeAndGraduationType(string degree, string type, string remindOn, string expires)
    {
        var due = ReminderPlanner.PlanFor(Bjtu, DateOnly.Parse(remindOn), Student(degree, type)).Where(d => d.Kind == ReminderKinds.CardExpiry).ToList();

        var reminder = Assert.Single(due);
        Assert.Equal(DateOnly.Parse(expires), reminder.EventDate);
        foreach (var other in new[] { "2026-06-23", "2026-07-13", "2026-09-12" }.Where(d => d != remindOn))
            Assert.DoesNotContain(ReminderKinds.CardExpiry, KindsOn(Bjtu, other, Student(degree, type)));
    }

    [Fact]
    public void BjtuDeferredStudentsCardExpiresTheYearAfterTheirCohort()
    {
        // 确定延期: seedYear 2013 against the school's 2012, i.e. the summer after graduation.
        Assert.Equal(2012, ReminderPlanner.MainSeedYear(Bjtu));
        var cohort2026 = Student("本科", "确定延期", cohort: 2026);
        Assert.DoesNotContain(ReminderKinds.CardExpiry, KindsOn(Bjtu, "2026-07-12", cohort2026));
        var due = ReminderPlanner.PlanFor(Bjtu, new DateOnly(2027, 7, 12), cohort2026).Single(d => d.Kind == ReminderKinds.CardExpiry);
        Assert.Equal(new DateOnly(2027, 7, 15), due.EventDate);
        Assert.Contains(ReminderKinds.CardExpiry, KindsOn(Bjtu, "2026-07-12", Student("硕士", "确定延期", cohort: 2025)));
    }

    [Theory]
    [InlineData("2026-06-01")]
    [InlineData("2026-06-24")]
    [InlineData("2026-06-30")]
    public void LoanRemindersGo30And7And1DaysBeforeTheInterestEnds(string date)
    {
        var due = Assert.Single(ReminderPlanner.PlanFor(Buct, DateOnly.Parse(date), Student("本科", loan: true)));
        Assert.Equal(ReminderKinds.LoanRepayment, due.Kind);
        Assert.Equal(new DateOnly(2026, 7, 1), due.EventDate);
        Assert.Empty(ReminderPlanner.PlanFor(Buct, DateOnly.Parse(date), Student("本科", loan: false)));
    }

    [Fact]
    public void NoLoanReminderOnOtherDays()
    {
        var days = Enumerable.Range(0, 365).Select(i => new DateOnly(2026, 1, 1).AddDays(i));
        var due = days.SelectMany(d => ReminderPlanner.PlanFor(Buct, d, Student("硕士", loan: true))).Select(d => d.Occurrence).ToList();
        Assert.Equal([new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 24), new DateOnly(2026, 6, 30)], due);
    }

    [Fact]
    public void AJobJustAfterUtcMidnightPlansTheShanghaiDay()
    {
        var zone = Cqu.ResolveTimeZone();
        var date = ReminderPlanner.SchoolDate(new DateTimeOffset(2026, 6, 24, 16, 30, 0, TimeSpan.Zero), zone);

        Assert.Equal(new DateOnly(2026, 6, 25), date);
        Assert.Contains(ReminderKinds.WindowOpen, KindsOn(Cqu, date.ToString("yyyy-MM-dd"), Student()));
        Assert.Equal(new DateOnly(2026, 6, 24), ReminderPlanner.SchoolDate(new DateTimeOffset(2026, 6, 24, 15, 59, 0, TimeSpan.Zero), zone));
    }

    [Fact]
    public void PlanCoversEveryStudent()
    {
        PlannerStudent[] students =
        [
            Student() with { StudentId = "a" },
            Student(degree: "本科") with { StudentId = "b" },
            Student(type: "上本校博", pending: ["library"]) with { StudentId = "c" },
        ];
        var due = ReminderPlanner.Plan(Cqu, new DateOnly(2026, 6, 25), students);
        Assert.Equal(["a:window-open", "c:pending-offices", "c:window-open"], due.Select(d => $"{d.StudentId}:{d.Kind}").Order());
    }
}

public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly QuietHours Quiet = new ReminderOptions().QuietHours;

    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2026, 6, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(21, 59, false)]
    [InlineData(22, 0, true)]
    [InlineData(23, 30, true)]
    [InlineData(0, 30, true)]
    [InlineData(7, 59, true)]
    [InlineData(8, 0, false)]
    [InlineData(12, 0, false)]
    public void QuietFromTenAtNightToEightInTheMorningSchoolTime(int hour, int minute, bool quiet)
    {
        Assert.Equal(quiet, Quiet.IsQuiet(Local(25, hour, minute), Shanghai));
        // The same instant seen in UTC is just as quiet: the rule is about the school's clock, not the server's.
        Assert.Equal(quiet, Quiet.IsQuiet(Local(25, hour, minute).ToUniversalTime(), Shanghai));
    }

    [Fact]
    public void DeferredToEightInTheMorning()
    {
        Assert.Equal(Local(26, 8), Quiet.NextAllowed(Local(25, 23), Shanghai));
        Assert.Equal(Local(25, 8), Quiet.NextAllowed(Local(25, 3), Shanghai));
        Assert.Equal(Local(25, 10), Quiet.NextAllowed(Local(25, 10), Shanghai));
        Assert.Equal(TimeSpan.Zero, Quiet.NextAllowed(Local(25, 23), Shanghai).Offset);
    }

    [Fact]
    public void OptionsValidatorNamesTheKey()
    {
        var result = new ReminderOptionsValidator().Validate(null, new ReminderOptions { QuietHoursStart = "25:00" });
        Assert.True(result.Failed);
        Assert.Contains("Reminders:QuietHoursStart", result.FailureMessage);
    }
}

public sealed class ReminderMessageTests
{
    [Fact]
    public void NotesSpeakOfTheCohortsYearNotTheSeeds()
    {
        var cqu = ReminderPlannerTests.School("cqu");
        var stop = cqu.Calendar.First(e => e.Kind == CalendarKinds.CardStop);
        var due = new DueReminder("s1", ReminderKinds.CardExpiry, new DateOnly(2026, 7, 7), new DateOnly(2026, 7, 10), stop, null, []);

        var message = ReminderMessage.Compose(cqu, [due], new DateOnly(2026, 7, 7));

        Assert.Contains("2026年7月10日批量停用2026届毕业生校园卡", message.Text);
        Assert.Contains("7月10日（还有3天）", message.Text);
        Assert.DoesNotContain("2018", message.Text);
    }

    [Fact]
    public void BjtuCardExpiryTellsWhatHappensToTheNetworkFee()
    {
        var bjtu = ReminderPlannerTests.School("bjtu");
        var student = new PlannerStudent("s1", "本科", "正常毕业", false, true, 2026, []);
        var due = ReminderPlanner.PlanFor(bjtu, new DateOnly(2026, 6, 23), student).Single(d => d.Kind == ReminderKinds.CardExpiry);

        var message = ReminderMessage.Compose(bjtu, [due], new DateOnly(2026, 6, 23));

        Assert.Contains("网费余额", message.Text);
        Assert.Contains("2026年6月26日", message.Text);

        var deferred = bjtu.Calendar.First(e => e.GraduationTypes.Contains("确定延期"));
        Assert.Contains("2027年7月15日（2026届的次年）", ReminderMessage.Note(deferred, new DateOnly(2027, 7, 15), 2012));
    }

    [Fact]
    public void SeveralRemindersForOneStudentAreOneDigest()
    {
        var cqu = ReminderPlannerTests.School("cqu");
        var student = new PlannerStudent("s1", "硕士", "正常毕业", false, true, 2026, ["library", "campus-card"]);
        var due = ReminderPlanner.PlanFor(cqu, new DateOnly(2026, 6, 25), student).ToList();

        var message = ReminderMessage.Compose(cqu, due, new DateOnly(2026, 6, 25));

        Assert.Equal(2, message.Kinds.Count);
        Assert.Contains("（2项）", message.Title);
        Assert.Contains("1. 【离校手续开始办理】", message.Text);
        Assert.Contains("× ", message.Text);
        Assert.Contains("各分馆服务前台", message.Text);
        Assert.Contains("65102608", message.Text);
        Assert.True(message.ShortTitle.Length <= ReminderMessage.ThingLength);
    }
}
