using Clearance.Integrations.ClearanceStatus;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Clearance.Knowledge.Schools;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// Seeds a deterministic demo roster (fixed Random seeds) into an empty embedded store, so a fresh clone can bind and
/// ask for status at once. cqu and cumt get 300 students each, bjtu 150, in mixed states, plus the named students
/// listed in <see cref="Named"/> (the README's). Only in Development with SQLite, or wherever <c>Clearance:DemoData=true</c>.
/// </summary>
public sealed partial class DemoData(
    RosterStore store,
    IdDigitsHasher idDigits,
    KnowledgeBase knowledge,
    IOptions<ClearanceOptions> clearance,
    IOptions<StorageOptions> storage,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<DemoData> logger)
{
    private static readonly (string School, int Count, int Seed, string[] Campuses)[] Schools =
    [
        ("cqu", 300, 20180625, ["A区", "B区", "虎溪校区"]),
        ("cumt", 300, 20200615, ["南湖校区", "文昌校区"]),
        ("bjtu", 150, 20120611, ["海淀校区"]),
    ];

    private sealed record NamedStudent(
        string School, string StudentId, string Name, string IdLast6, string Degree, string Campus,
        bool OnCampus, bool HasLoan, bool Submitted, Dictionary<string, (OfficeState State, OfficeDetails? Details, string? Note)> Offices);

    private static OfficeDetails Fields(params (string Key, string Value)[] fields) =>
        new() { Fields = fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal) };


    /// <summary>The students the README names; everything not listed is passed (or notRequired where it does not apply).</summary>
    private static readonly NamedStudent[] Named =
    [
        new("cqu", "20181234", "张三", "123456", "硕士", "A区", OnCampus: true, HasLoan: false, Submitted: false, new()
        {
            ["library"] = (OfficeState.Pending, Fields(("未还册数", "2"), ("超期欠费(元)", "12.5")), null),
            ["finance"] = (OfficeState.Pending, new OfficeDetails { Rows = [new FeeRow("2019", "学分学费", 550m)], Total = 550m }, null),
            ["dormitory"] = (OfficeState.Pending, Fields(("楼宇", "A区学生六公寓"), ("房间号", "312")), null),
            ["campus-card"] = (OfficeState.Pending, null, null),
            ["graduate-office"] = (OfficeState.Pending, null, null),
        }),
        new("cqu", "20181235", "李四", "234567", "博士", "虎溪校区", OnCampus: true, HasLoan: true, Submitted: false, new()
        {
            ["graduate-office"] = (OfficeState.Pending, null, null),
        }),
        new("cqu", "20181236", "王五", "345678", "硕士", "B区", OnCampus: true, HasLoan: true, Submitted: false, new()),
        new("cqu", "20181237", "赵六", "456789", "硕士", "A区", OnCampus: false, HasLoan: true, Submitted: false, new()
        {
            ["student-loan"] = (OfficeState.Pending, null, "请先签订还款确认书"),
            ["graduate-office"] = (OfficeState.Pending, null, null),
        }),
        new("cumt", "2020010001", "陈一", "111111", "硕士", "南湖校区", OnCampus: true, HasLoan: false, Submitted: false, new()
        {
            ["library"] = (OfficeState.Pending, Fields(("未还册数", "2"), ("欠款金额(元)", "0.5"), ("违章状态", "0"), ("证件状态", "未注销"), ("论文提交状态", "未审核")), null),
            ["archives"] = (OfficeState.Pending, Fields(("论文提交状态", "未提交")), null),
            // Seed 003 fig. 8: a dormitory × shows the room with 退宿日期 and 退宿办理人 empty.
            ["dormitory"] = (OfficeState.Pending, Fields(("校区", "南湖校区"), ("楼宇", "梅苑梅1楼"), ("房间号", "A3071"), ("退宿日期", ""), ("退宿办理人", "")), null),
            ["finance"] = (OfficeState.Pending, new OfficeDetails
            {
                Rows = [new FeeRow("2018", "代收取暖费", 60m), new FeeRow("2019", "学分学费", 550m), new FeeRow("2019", "代收取暖费", 72.4m)],
                Total = 682.4m,
            }, null),
        }),
        new("cumt", "2020010002", "刘二", "222222", "硕士", "南湖校区", OnCampus: true, HasLoan: false, Submitted: false, new()),
        new("cumt", "2020010003", "孙三", "333333", "博士", "文昌校区", OnCampus: true, HasLoan: false, Submitted: true, new()),
        new("cumt", "2020010004", "周四", "44444X", "硕士", "文昌校区", OnCampus: false, HasLoan: false, Submitted: false, new()
        {
            ["library"] = (OfficeState.Pending, Fields(("未还册数", "1"), ("欠款金额(元)", "0")), null),
        }),
        new("bjtu", "12210001", "钱七", "567890", "本科", "海淀校区", OnCampus: true, HasLoan: true, Submitted: false, new()
        {
            ["dormitory"] = (OfficeState.Pending, null, null),
            ["financial-aid"] = (OfficeState.Pending, null, null),
        }),
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "浩然", "子涵", "雨萱", "思远"];

    /// <summary>Run by <see cref="Startup.StartupLoading"/> once the records are migrated and the knowledge base loaded.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        // The demo students' ID digits are printed in the README: a production roster must never have them. So they come
        // only when asked for by name or in Development (what `dotnet run` uses, through launchSettings.json), and the
        // log says which, so an operator can tell why a store has them.
        var (enabled, reason) = clearance.Value.DemoData switch
        {
            true => (true, "Clearance:DemoData=true"),
            false => (false, "Clearance:DemoData=false"),
            null when environment.IsDevelopment() && !storage.Value.IsPostgres => (true, "the Development environment"),
            null => (false, $"the {environment.EnvironmentName} environment"),
        };
        if (!enabled)
        {
            LogDemoOff(logger, reason);
            return;
        }
        if (await store.CountStudentsAsync(cancellationToken) > 0)
        {
            LogDemoSkipped(logger, reason);
            return;
        }
        if (!environment.IsDevelopment()) LogDemoOutsideDevelopment(logger, environment.EnvironmentName);
        var started = time.GetTimestamp();
        var students = Build(knowledge.Current, time.GetUtcNow(), idDigits);
        await store.AddStudentsAsync(students, cancellationToken);
        LogSeeded(logger, students.Count, reason, time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The whole demo roster; the same every run except for the hashes' salts and the timestamps.</summary>
    internal static List<Student> Build(KnowledgeSnapshot knowledge, DateTimeOffset now, IdDigitsHasher idDigits)
    {
        var students = new List<Student>();
        foreach (var (school, count, seed, campuses) in Schools)
        {
            if (knowledge.School(school)?.Profile is not { Clearance.Offices.Count: > 0 } profile) continue;
            var random = new Random(seed);
            foreach (var named in Named.Where(n => n.School == school))
                students.Add(FromNamed(profile, named, now));
            for (var i = 1; i <= count; i++)
                students.Add(Generate(profile, random, i, campuses, now));
        }
        foreach (var student in students) student.IdLast6Hash = idDigits.Hash(student.IdLast6Hash);
        return students;
    }

    private static Student FromNamed(SchoolProfile profile, NamedStudent named, DateTimeOffset now)
    {
        var student = NewStudent(profile.Id, named.StudentId, named.Name, named.IdLast6, named.Degree, "正常毕业", named.Campus, named.OnCampus, named.HasLoan, partyMember: false, now);
        foreach (var office in profile.Clearance.Offices)
        {
            var required = SchoolOfficePlan.IsRequired(office, student);
            var (state, details, note) = named.Offices.TryGetValue(office.Id, out var o)
                ? o
                : (required ? OfficeState.Passed : OfficeState.NotRequired, null, null);
            student.Offices.Add(Status(student, office.Id, state, details, note, now));
        }
        if (named.Submitted) student.Submission = new Submission { School = student.School, StudentId = student.StudentId, SubmittedAt = now.AddDays(-2), Channel = "demo" };
        return student;
    }

    private static Student Generate(SchoolProfile profile, Random random, int index, string[] campuses, DateTimeOffset now)
    {
        var (prefix, width) = profile.Id switch { "cqu" => ("2018", 4), "cumt" => ("2020", 6), _ => ("1222", 4) };
        var undergraduate = profile.Clearance.AppliesTo.Contains("本科") && random.NextDouble() < 0.6;
        var degree = undergraduate ? "本科" : random.NextDouble() < 0.8 ? "硕士" : "博士";
        var graduationType = random.NextDouble() switch
        {
            < 0.85 => "正常毕业",
            < 0.92 => undergraduate ? "上本校研" : "上本校博",
            < 0.97 => "确定延期",
            _ => undergraduate ? "不确定延期" : "结业",
        };
        var name = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)];
        var digits = random.Next(0, 1_000_000).ToString("D6");
        var campus = campuses[random.Next(campuses.Length)];
        var student = NewStudent(profile.Id, prefix + index.ToString("D" + width), name, digits, degree, graduationType, campus,
            onCampus: random.NextDouble() < 0.85, hasLoan: random.NextDouble() < 0.2, partyMember: random.NextDouble() < 0.3, now);
        // A sixth of the students are done; the rest have each office open with a 35% chance.
        var allDone = random.NextDouble() < 0.17;
        var gated = profile.Clearance.Offices.Where(o => o.IsGatedAfterAll).ToList();
        foreach (var office in profile.Clearance.Offices.Where(o => !o.IsGatedAfterAll))
        {
            var required = SchoolOfficePlan.IsRequired(office, student);
            var state = !required ? OfficeState.NotRequired : allDone || random.NextDouble() >= 0.35 ? OfficeState.Passed : OfficeState.Pending;
            student.Offices.Add(Status(student, office.Id, state, DetailsFor(profile.Id, office.Id, state, random, campus), null, now));
        }
        var othersDone = student.Offices.All(o => o.State != OfficeState.Pending);
        foreach (var office in gated)
        {
            var state = othersDone && (allDone || random.NextDouble() < 0.5) ? OfficeState.Passed : OfficeState.Pending;
            student.Offices.Add(Status(student, office.Id, state, null, null, now));
        }
        if (profile.Clearance.SubmitOnce && student.Offices.All(o => o.State != OfficeState.Pending) && random.NextDouble() < 0.5)
            student.Submission = new Submission { School = student.School, StudentId = student.StudentId, SubmittedAt = now.AddDays(-random.Next(1, 10)), Channel = "demo" };
        return student;
    }

    private static OfficeDetails? DetailsFor(string school, string officeId, OfficeState state, Random random, string campus)
    {
        var pending = state == OfficeState.Pending;
        switch (officeId)
        {
            case "library" when school == "cumt":
                return CumtLibrary(pending, random);
            case "library" when pending:
                return Fields(("未还册数", random.Next(1, 6).ToString()), ("欠款金额(元)", (random.Next(0, 40) / 2m).ToString("0.#")));
            case "finance" when pending:
                var rows = new List<FeeRow> { new("2019", "学分学费", 550m) };
                if (random.NextDouble() < 0.5) rows.Add(new FeeRow("2019", "代收取暖费", 72.4m));
                if (random.NextDouble() < 0.3) rows.Add(new FeeRow("2020", "住宿费", 1200m));
                return new OfficeDetails { Rows = rows, Total = rows.Sum(r => r.Amount) };
            case "dormitory" when school == "cumt":
                return CumtDormitory(pending, random, campus);
            case "dormitory":
                var building = $"{campus}{random.Next(1, 30)}号楼";
                var room = $"{random.Next(1, 7)}{random.Next(1, 40):D2}";
                return pending
                    ? Fields(("楼宇", building), ("房间号", room))
                    : Fields(("楼宇", building), ("房间号", room), ("退宿日期", $"06-{random.Next(1, 25):D2}"));
            case "archives":
                // Seed 003 §2.2.2: empty (nothing handed in) is 未通过, "已审核" passes.
                return Fields(("论文提交状态", pending ? "未提交" : "已审核"));
            default:
                return null;
        }
    }

    /// <summary>
    /// cumt's library shows five things (seed 003 §2.2.1): books out, money owed, violations, whether the card is
    /// cancelled, and the thesis record. It passes only when none is owed, the card is 已注销 and the thesis 审核通过,
    /// so a × always has at least one of them wrong.
    /// </summary>
    private static OfficeDetails CumtLibrary(bool pending, Random random)
    {
        if (!pending)
            return Fields(("未还册数", "0"), ("欠款金额(元)", "0"), ("违章状态", "0"), ("证件状态", "已注销"), ("论文提交状态", "审核通过"));
        var books = random.NextDouble() < 0.5 ? random.Next(1, 6) : 0;
        var owed = random.NextDouble() < 0.4 ? random.Next(1, 40) / 2m : 0m;
        var violations = random.NextDouble() < 0.1 ? 1 : 0;
        var card = random.NextDouble() < 0.6 ? "未注销" : "已注销";
        var thesis = random.NextDouble() switch { < 0.3 => "未审核", < 0.5 => "已提交", _ => "审核通过" };
        // Nothing wrong by chance: the card was simply never cancelled, the most common reason in the seed.
        if (books == 0 && owed == 0 && violations == 0 && card == "已注销" && thesis == "审核通过") card = "未注销";
        return Fields(("未还册数", books.ToString()), ("欠款金额(元)", owed.ToString("0.#")), ("违章状态", violations.ToString()),
            ("证件状态", card), ("论文提交状态", thesis));
    }

    /// <summary>cumt's dormitory row (seed 003 fig. 8/9): the room, and 退宿日期 / 退宿办理人 once the move-out is done.</summary>
    private static OfficeDetails CumtDormitory(bool pending, Random random, string campus)
    {
        var building = campus == "文昌校区" ? $"文昌-研究生苑西{random.Next(20, 30)}楼" : $"梅苑梅{random.Next(1, 10)}楼";
        var room = $"{(char)('A' + random.Next(0, 4))}{random.Next(1, 7)}{random.Next(1, 40):D3}";
        return pending
            ? Fields(("校区", campus), ("楼宇", building), ("房间号", room), ("退宿日期", ""), ("退宿办理人", ""))
            : Fields(("校区", campus), ("楼宇", building), ("房间号", room), ("退宿日期", $"06-{random.Next(1, 25):D2}"),
                ("退宿办理人", Surnames[random.Next(Surnames.Length)] + "老师"));
    }

    private static Student NewStudent(string school, string studentId, string name, string digits, string degree, string graduationType,
        string campus, bool onCampus, bool hasLoan, bool partyMember, DateTimeOffset now) => new()
    {
        School = school,
        StudentId = studentId,
        Name = name,
        // Holds the plain digits only until Build hashes every student at once.
        IdLast6Hash = digits,
        Degree = degree,
        GraduationType = graduationType,
        Campus = campus,
        OnCampus = onCampus,
        HasLoan = hasLoan,
        PartyMember = partyMember,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static OfficeStatus Status(Student student, string officeId, OfficeState state, OfficeDetails? details, string? note, DateTimeOffset now) => new()
    {
        School = student.School,
        StudentId = student.StudentId,
        OfficeId = officeId,
        State = state,
        Details = details ?? new OfficeDetails(),
        Note = note,
        UpdatedAt = now,
        UpdatedBy = "demo",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo roster on ({Reason}): seeded {Students} demo students in {ElapsedMs:0} ms")]
    private static partial void LogSeeded(ILogger logger, int students, string reason, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo roster off ({Reason}); set Clearance:DemoData=true to seed it")]
    private static partial void LogDemoOff(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo roster on ({Reason}) but the store already has students: nothing seeded")]
    private static partial void LogDemoSkipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seeding the demo roster in the {Environment} environment: its credentials are public (README); never on a school's real roster")]
    private static partial void LogDemoOutsideDevelopment(ILogger logger, string environment);
}
