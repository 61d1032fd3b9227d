using Clearance.Bot.Reminders;
using Clearance.Integrations.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Reminders;

/// <summary>
/// The real clock moved to a chosen instant. Not a FakeTimeProvider: the WeChat client's token cache and retries wait
/// with Task.Delay on the injected clock, and a frozen clock would hang them; this one keeps ticking.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public void SetUtcNow(DateTimeOffset now) => _offset = now - System.GetUtcNow();

    public void Advance(TimeSpan by) => _offset += by;
}

/// <summary>Which records database a test host runs on: its own SQLite file, or a fresh PostgreSQL database.</summary>
public enum TestRecords
{
    Sqlite,
    Postgres,
}

/// <summary>A demo-like student for reminder tests; <paramref name="Pending"/> are offices still ×.</summary>
public sealed record TestStudent(string Id, string Degree = "硕士", string Type = "正常毕业", bool Loan = false, params string[] Pending);

/// <summary>
/// The real host (SQLite in a temp folder) with a fake clock and the WeChat/WeCom base URLs pointed at a
/// <see cref="FakeWeChatApi"/>. One MP account <c>demo</c> and one WeCom app <c>campus</c>, both for cqu.
/// </summary>
public sealed class ReminderTestHost : IAsyncDisposable
{
    public const string AdminKey = "cqu-admin-key";
    public const string OfficeKey = "cqu-library-key";
    public const string OtherSchoolKey = "bjtu-admin-key";
    public const string OperatorKey = "service-operator-key";
    public const string DigestTemplate = "tpl-digest";

    private readonly string? _postgres;

    private ReminderTestHost(FakeWeChatApi api, ShiftedClock clock, BotApplication bot, string? postgres)
    {
        _postgres = postgres;
        Api = api;
        Clock = clock;
        Factory = bot;
    }

    public FakeWeChatApi Api { get; }
    public ShiftedClock Clock { get; }
    public BotApplication Factory { get; }
    public IServiceProvider Services => Factory.Services;
    public string DataDirectory => Factory.DataDirectory;

    public static Dictionary<string, string?> Settings(string apiBaseUrl) => new()
    {
        ["WeChat:ApiBaseUrl"] = apiBaseUrl,
        ["WeCom:ApiBaseUrl"] = apiBaseUrl,
        ["WeChat:Accounts:demo:School"] = "cqu",
        ["WeChat:Accounts:demo:AppId"] = "wx0000demo",
        ["WeChat:Accounts:demo:AppSecret"] = "demo-secret",
        ["WeChat:Accounts:demo:Token"] = "demo-token",
        ["WeChat:Accounts:demo:Mode"] = "plaintext",
        ["WeChat:Accounts:demo:TemplateIds:window-open"] = "tpl-window",
        ["WeChat:Accounts:demo:TemplateIds:pending-offices"] = "tpl-pending",
        ["WeChat:Accounts:demo:TemplateIds:digest"] = DigestTemplate,
        ["WeCom:Apps:campus:School"] = "cqu",
        ["WeCom:Apps:campus:CorpId"] = "ww0000campus",
        ["WeCom:Apps:campus:AgentId"] = "1000002",
        ["WeCom:Apps:campus:Secret"] = "campus-secret",
        ["WeCom:Apps:campus:Token"] = "campus-token",
        ["WeCom:Apps:campus:EncodingAESKey"] = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
        ["Clearance:StaffKeys:0:Key"] = AdminKey,
        ["Clearance:StaffKeys:0:School"] = "cqu",
        ["Clearance:StaffKeys:0:Office"] = "*",
        ["Clearance:StaffKeys:1:Key"] = OfficeKey,
        ["Clearance:StaffKeys:1:School"] = "cqu",
        ["Clearance:StaffKeys:1:Office"] = "library",
        ["Clearance:StaffKeys:2:Key"] = OtherSchoolKey,
        ["Clearance:StaffKeys:2:School"] = "bjtu",
        ["Clearance:StaffKeys:2:Office"] = "*",
        ["Clearance:StaffKeys:3:Key"] = OperatorKey,
        ["Clearance:StaffKeys:3:School"] = "*",
        ["Clearance:StaffKeys:3:Office"] = "*",
        ["Reminders:Server"] = "false",
        ["Reminders:MpMessagesPerSecond"] = "100000",
        ["Reminders:WeComMessagesPerSecond"] = "100000",
    };

    /// <param name="now">Where the host's clock starts; Hangfire (when its server runs) keeps real time.</param>
    /// <param name="records">With <see cref="TestRecords.Postgres"/>, a fresh database dropped when the host is disposed.</param>
    /// <param name="clock">Another host's clock, for hosts that must agree on the time (each claims what the other planned).</param>
    public static async Task<ReminderTestHost> StartAsync(
        DateTimeOffset now, IReadOnlyDictionary<string, string?>? extra = null, TestRecords records = TestRecords.Sqlite, ShiftedClock? clock = null)
    {
        var api = await FakeWeChatApi.StartAsync();
        var settings = Settings(api.BaseUrl);
        string? postgres = null;
        if (records == TestRecords.Postgres)
        {
            postgres = TestServices.FreshPostgresDatabase("clearance_dist_")
                ?? throw new InvalidOperationException($"{TestServices.PostgresVariable} is required for this test.");
            settings["Storage:Provider"] = "postgres";
            settings["IdDigits:Key"] = TestServices.IdDigitsKey;
            settings["Storage:ConnectionString"] = postgres;
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        clock ??= new ShiftedClock(now);
        var bot = BotApplication.WithClock(clock, settings);
        _ = bot.Server;
        return new ReminderTestHost(api, clock, bot, postgres);
    }

    public async Task AddStudentsAsync(params TestStudent[] students)
    {
        var store = Services.GetRequiredService<RosterStore>();
        var created = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await store.AddStudentsAsync(students.Select(s => new Student
        {
            School = "cqu",
            StudentId = s.Id,
            Name = "学生" + s.Id,
            Degree = s.Degree,
            GraduationType = s.Type,
            HasLoan = s.Loan,
            OnCampus = true,
            IdLast6Hash = "not-used-here",
            CreatedAt = created,
            UpdatedAt = created,
            Offices = [.. s.Pending.Select(o => new OfficeStatus { School = "cqu", StudentId = s.Id, OfficeId = o, State = OfficeState.Pending, UpdatedAt = created })],
        }), CancellationToken.None);
    }

    /// <summary>Subscribes as the dialog does: from an MP conversation (openid <c>o-{id}</c>) unless a WeCom user is given.</summary>
    public Task SubscribeAsync(string studentId, string? weComUser = null, IReadOnlyList<string>? kinds = null, bool subscribed = true) =>
        Services.GetRequiredService<ReminderStore>().SetSubscriptionAsync(
            "cqu", studentId, kinds ?? [ReminderKinds.All], subscribed,
            weComUser is null ? new ReminderAddress("mp", "demo", "o-" + studentId) : new ReminderAddress("work", "campus", weComUser),
            CancellationToken.None);

    public async Task<List<ReminderDelivery>> DeliveriesAsync()
    {
        await using var db = Services.GetRequiredService<RecordsDbContextFactory>().CreateDbContext();
        return await db.ReminderDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    public async Task<string> RunCliAsync(params string[] args)
    {
        using var output = new StringWriter();
        var code = await Cli.CliDispatcher.RunAsync(Services, args, output, CancellationToken.None);
        return $"exit {code}: {output}";
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Api.DisposeAsync();
        if (_postgres is not null) await TestServices.DropPostgresDatabaseAsync(_postgres);
    }
}
