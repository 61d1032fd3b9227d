using System.Text;
using Clearance.Bot.ClearanceStatus;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Clearance.Knowledge.Schools;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>
/// The status text alone, over the shipped knowledge base (issue #13 item 4): every reply fits one WeChat message, and
/// every × office keeps its name, next step and place whole, for every demo student and for a student of each school
/// with every office open and the longest details.
/// </summary>
public sealed class StatusReplyTests
{
    private static readonly Lazy<KnowledgeBase> Shipped = new(() =>
        new KnowledgeBase(Options.Create(new KnowledgeOptions()), NullLogger<KnowledgeBase>.Instance));

    public static TheoryData<string> SchoolsWithOffices => ["bupt", "bjtu", "cumt", "cqu"];

    [Fact]
    public void EveryDemoStudentsStatusFitsOneMessageAndKeepsEachOpenOfficeWhole()
    {
        var snapshot = Shipped.Value.Current;
        var students = DemoData.Build(snapshot, new DateTimeOffset(2026, 6, 20, 2, 0, 0, TimeSpan.Zero), new IdDigitsHasher(IdDigitsKey.FromText(IdDigitsKey.NewText())));

        Assert.True(students.Count > 700, $"{students.Count} demo students");
        foreach (var student in students)
        {
            var school = snapshot.School(student.School)!;
            // The demo roster is one a school could import: its campuses are the school's own.
            Assert.NotNull(RosterImport.RulesFor(school.Profile).Campus(student.Campus!));
            var progress = ClearanceProgress.For(school.Profile, new ClearanceRecord(student, student.Offices, student.Submission?.SubmittedAt));

            StatusReplyAssert.FitsAndKeepsEveryOpenOffice(StatusReply.Compose(progress, school), progress, school);
        }
    }

    [Theory]
    [MemberData(nameof(SchoolsWithOffices))]
    public void AStudentWithEveryOfficeOpenAndTheLongestDetailsGetsOneWholeMessageOnEveryCampus(string schoolId)
    {
        var school = Shipped.Value.Current.School(schoolId)!;
        foreach (var campus in school.Profile.Campuses.Append(null))
        {
            var progress = StatusReplyAssert.EverythingOpen(school, campus);

            var reply = StatusReply.Compose(progress, school);

            StatusReplyAssert.FitsAndKeepsEveryOpenOffice(reply, progress, school);
            StatusReplyAssert.FitsAndKeepsEveryOpenOffice(StatusReply.Compose(progress, school, identify: false), progress, school);
        }
    }

    [Fact]
    public void ARoomTheLocationAlreadyNamesIsNotAddedAgain()
    {
        // cqu 研究生教育服务中心: where "A区研究生院一楼105室；虎溪综合楼DZ119室", room "105室；DZ119室". The whole room
        // value is not a substring of where, so it used to be appended: "…DZ119室，105室；DZ119室".
        var cqu = Shipped.Value.Current.School("cqu")!;
        var office = cqu.Profile.FindOffice("education-service-center")!;

        var where = StatusReply.WhereToGo(office, cqu, campus: null);

        Assert.StartsWith("地点：A区研究生院一楼105室；虎溪综合楼DZ119室｜", where);
        Assert.DoesNotContain("，105室", where);
        Assert.Equal("一楼105室，窗口3", StatusReply.WithRoom("一楼105室", "105室；窗口3"));
    }

    [Theory]
    [InlineData(6, true)]
    [InlineData(12, false)]
    public void LongNotesGoBeforeTheOrderingRuleAndTheOrderingRuleBeforeAnyOpenOfficesEssentials(int open, bool orderingKept)
    {
        var cqu = Shipped.Value.Current.School("cqu")!;
        var student = new Student { School = "cqu", StudentId = "20189000", Name = "全欠", IdLast6Hash = "-", Campus = "虎溪校区", HasLoan = true, OnCampus = true };
        // Offices open, each with a long note without a clause break: far more than 2048 bytes before trimming.
        var offices = cqu.Profile.Clearance.Offices.Select((o, i) => new OfficeStatus
        {
            School = "cqu",
            StudentId = student.StudentId,
            OfficeId = o.Id,
            State = i < open - 1 || o.IsGatedAfterAll ? OfficeState.Pending : OfficeState.Passed,
            Note = new string('请', 60),
            Details = new OfficeDetails { Fields = new(StringComparer.Ordinal) { ["未还册数"] = "3", ["说明"] = "材料不全，须补交" } },
        }).ToList();
        var progress = ClearanceProgress.For(cqu.Profile, new ClearanceRecord(student, offices, null));
        Assert.Equal(open, progress.Missing.Count);

        var reply = StatusReply.Compose(progress, cqu);

        Assert.Equal(orderingKept, reply.Contains("\n顺序：" + cqu.Profile.Clearance.OrderingSummary + "\n"));
        Assert.DoesNotContain("请请请", reply);
        StatusReplyAssert.FitsAndKeepsEveryOpenOffice(reply, progress, cqu);
    }

    [Fact]
    public void DoneOfficesCollapseIntoOneLineOnlyWhenTheFullListDoesNotFit()
    {
        var cqu = Shipped.Value.Current.School("cqu")!;
        var student = new Student { School = "cqu", StudentId = "20189001", Name = "快办完", IdLast6Hash = "-", Campus = "A区", HasLoan = false, OnCampus = true };
        var offices = cqu.Profile.Clearance.Offices.Select(o => new OfficeStatus
        {
            School = "cqu", StudentId = student.StudentId, OfficeId = o.Id,
            State = o.Id == "library" ? OfficeState.Pending : o.Id == "student-loan" ? OfficeState.NotRequired : OfficeState.Passed,
        }).ToList();

        var reply = StatusReply.Compose(ClearanceProgress.For(cqu.Profile, new ClearanceRecord(student, offices, null)), cqu);

        Assert.Contains("\n✓ 导师\n", reply);
        Assert.Contains("✓ 国家助学贷款中心（无需办理）", reply);
        Assert.DoesNotContain("已通过：", reply);
    }

    [Fact]
    public void WithoutASummaryTheRulesFirstClauseIsShown()
    {
        var clearance = new ClearanceProcess { OrderingRule = "四个事项可同时办理；全部通过后才能提交。" };

        Assert.Equal("顺序：四个事项可同时办理", StatusReply.OrderingLine(clearance));
        Assert.Null(StatusReply.OrderingLine(new ClearanceProcess()));
    }
}

/// <summary>What every status reply must keep, shared by the text tests and the channel tests.</summary>
public static class StatusReplyAssert
{
    private static readonly char[] PlaceBreaks = ['；', '，', '、', ';', ','];

    public static void FitsAndKeepsEveryOpenOffice(string reply, ClearanceProgress progress, SchoolKnowledge school)
    {
        var who = $"{progress.Student.School}/{progress.Student.StudentId} ({progress.Student.Campus ?? "no campus"})";
        var bytes = Encoding.UTF8.GetByteCount(reply);
        Assert.True(bytes <= StatusReply.MaxBytes, $"{who}: {bytes} bytes");
        var lines = reply.Split('\n');
        foreach (var office in progress.Offices.Where(o => !o.Done))
        {
            var name = office.Office.Name;
            var at = Array.FindIndex(lines, l => l == "× " + name || l.StartsWith("× " + name + "：", StringComparison.Ordinal));
            Assert.True(at >= 0, $"{who}: no × line for {name}\n{reply}");
            var block = lines.Skip(at + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
            // At the tightest step the "办理：" label goes; the step itself stays whole.
            if (StatusReply.NextStep(office) is { } next)
                Assert.True(block.Contains("  " + next) || block.Contains("  " + next.Replace("办理：", "")), $"{who}: {name} lost its next step '{next}'\n{reply}");
            var guide = school.FindGuide(office.Office.Guide);
            var place = StatusReply.MatchCampus(guide, progress.Student.Campus)?.Where ?? guide?.Where ?? office.Office.Where;
            // A place that only repeats the office's name (所在学院研究生工作组) may go when space is short.
            var optional = place is not null && StatusReply.NamesOnlyTheOffice(place, office.Office) && !block.Any(l => l.StartsWith("  地点：", StringComparison.Ordinal));
            if (place is { Length: > 0 } && !optional)
            {
                var where = block.SingleOrDefault(l => l.StartsWith("  地点：", StringComparison.Ordinal));
                Assert.True(where is not null && where.StartsWith("  地点：" + place, StringComparison.Ordinal), $"{who}: {name} lost its place '{place}'\n{reply}");
                AssertNoRepeatedPlace(where.Split('｜')[0]["  地点：".Length..], who);
            }
            Assert.Equal(block.Count, block.Distinct().Count());
        }
        foreach (var line in lines.Where(l => l.Contains('…')))
        {
            // The only shortening allowed: a staff note cut after a whole clause.
            Assert.True(line.StartsWith("  备注：", StringComparison.Ordinal) && line.EndsWith('…'), $"{who}: a line was cut: {line}");
            var shown = line["  备注：".Length..^1];
            Assert.Contains(progress.Offices, o => o.Status?.Note is { } note && note.Length > shown.Length
                                                   && note.StartsWith(shown, StringComparison.Ordinal) && "，、, ".Contains(note[shown.Length]));
        }
    }

    /// <summary>"A区研究生院一楼105室；虎溪综合楼DZ119室，105室；DZ119室": a part of the place that another part already says.</summary>
    private static void AssertNoRepeatedPlace(string place, string who)
    {
        var parts = place.Split(PlaceBreaks, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            for (var j = 0; j < parts.Length; j++)
            {
                if (i != j && parts[j].Length >= 3)
                    Assert.False(parts[i].Contains(parts[j], StringComparison.Ordinal), $"{who}: '{parts[j]}' repeated in the place '{place}'");
            }
        }
    }

    /// <summary>
    /// Every office of the school open, with the longest details the status systems give: each field school.yml names
    /// (or a book count and a reason), six fee rows with a total at finance offices, and a staff note of several clauses.
    /// </summary>
    public static ClearanceProgress EverythingOpen(SchoolKnowledge school, string? campus)
    {
        var student = new Student
        {
            School = school.Profile.Id, StudentId = "20269999", Name = "欧阳全未办", IdLast6Hash = "-", Campus = campus,
            Degree = "博士", GraduationType = "正常毕业", HasLoan = true, OnCampus = true, PartyMember = true,
        };
        var offices = school.Profile.Clearance.Offices.Select(o => new OfficeStatus
        {
            School = student.School,
            StudentId = student.StudentId,
            OfficeId = o.Id,
            State = OfficeState.Pending,
            Note = "请先到学院领取表格，由导师签字后交到窗口，逾期不办理将影响毕业证和学位证的发放，如有疑问请在工作时间致电咨询",
            Details = LongestDetails(o),
        }).ToList();
        return ClearanceProgress.For(school.Profile, new ClearanceRecord(student, offices, null));
    }

    public static OfficeDetails LongestDetails(Office office)
    {
        var fields = office.Details.Count > 0
            ? office.Details.ToDictionary(d => d, d => d.Contains('数') || d.Contains("金额") || d.Contains("欠款") ? "1234.56" : "未审核（请到窗口核对）", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal) { ["未还册数"] = "12", ["说明"] = "材料不全，须补交" };
        var rows = office.Id.Contains("finance", StringComparison.Ordinal)
            ? Enumerable.Range(2016, 6).Select(y => new FeeRow(y.ToString(), "学分学费（含代收取暖费）", 1234.56m)).ToList()
            : [];
        return new OfficeDetails { Fields = fields, Rows = rows, Total = rows.Count > 0 ? rows.Sum(r => r.Amount) : null };
    }
}
