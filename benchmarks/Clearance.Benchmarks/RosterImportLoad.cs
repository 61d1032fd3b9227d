using System.Diagnostics;
using System.Globalization;
using System.Text;
using Clearance.Bot.ClearanceStatus;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Clearance.Benchmarks;

/// <summary>
/// <c>roster-import [--rows 30000] [--school cqu] [--write roster.csv] [--postgres CONNECTION]</c>: a generated roster
/// of N graduates of a seed school, as CSV, through the import that <c>students import</c> and the staff API share
/// (<see cref="RosterImport"/>: parse, check every row against school.yml, write all rows in one transaction) into a
/// fresh SQLite file and, with <c>--postgres</c> (or <c>CLEARANCE_TEST_POSTGRES</c>), a fresh PostgreSQL database
/// (dropped afterwards). Prints seconds and rows/s per store. <c>--write</c> keeps the CSV, so the same file can be fed
/// to an older build's <c>students import</c> for the baseline (docs/benchmarks.md).
/// </summary>
public static class RosterImportLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = LoadCommand.Option(args, "--rows", 30_000);
        var school = LoadCommand.OptionText(args, "--school") ?? "cqu";
        var postgres = LoadCommand.OptionText(args, "--postgres") ?? Environment.GetEnvironmentVariable("CLEARANCE_TEST_POSTGRES");
        var knowledge = new KnowledgeBase(Options.Create(new KnowledgeOptions { Root = FindKnowledgeBase() }), NullLogger<KnowledgeBase>.Instance);
        var profile = knowledge.Current.School(school)?.Profile ?? throw new InvalidOperationException($"school {school} not found");
        var csv = Generate(profile.Id, profile.Clearance.AppliesTo, profile.Campuses, rows);
        if (LoadCommand.OptionText(args, "--write") is { } path) await File.WriteAllTextAsync(path, csv, new UTF8Encoding(false));

        Console.WriteLine($"roster-import: {rows} rows of {school} ({profile.Clearance.Offices.Count} offices each), {Encoding.UTF8.GetByteCount(csv) / 1024} KiB of CSV");
        Console.WriteLine($"machine: {LoadCommand.Machine()}; load average before: {LoadAverage()}");

        var directory = Directory.CreateTempSubdirectory("clearance-roster-bench-").FullName;
        try
        {
            await RunOnceAsync("sqlite", new StorageOptions { Sqlite = Path.Combine(directory, "clearance.db") }, knowledge, school, csv, rows);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
        if (postgres is null)
        {
            Console.WriteLine("postgres: skipped (no --postgres and no CLEARANCE_TEST_POSTGRES)");
            return 0;
        }
        var database = new NpgsqlConnectionStringBuilder(postgres) { Database = "clearance_roster_bench_" + Guid.NewGuid().ToString("N")[..8] }.ConnectionString;
        var storage = new StorageOptions { Provider = StorageOptions.PostgresProvider, ConnectionString = database };
        try
        {
            await RunOnceAsync("postgres", storage, knowledge, school, csv, rows);
        }
        finally
        {
            await using var db = new RecordsDbContextFactory(Options.Create(storage)).CreateDbContext();
            await db.Database.EnsureDeletedAsync();
        }
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static async Task RunOnceAsync(string label, StorageOptions storage, KnowledgeBase knowledge, string school, string csv, int rows)
    {
        var contexts = new RecordsDbContextFactory(Options.Create(storage));
        var schema = new RecordsSchema(contexts, NullLogger<RecordsSchema>.Instance);
        // Migrating a fresh store is start-up work, not import work.
        await schema.EnsureMigratedAsync(default);
        var idDigits = IdDigitsKeyFile.HasherFor(new IdDigitsOptions { Key = storage.IsPostgres ? IdDigitsKey.NewText() : null }, storage);
        var import = new RosterImport(new RosterStore(contexts, schema, TimeProvider.System, idDigits), knowledge);

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var report = await import.ImportAsync(school, csv, RosterFormat.Csv, "bench", confirmPassed: false, default);
        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        // On a shared machine the wall time says as much about the neighbours as about the import; CPU time less so.
        var cpu = process.TotalProcessorTime - cpuBefore;

        if (report is not { Outcome: RosterOutcome.Imported } || report.Created.Count != rows)
            throw new InvalidOperationException($"{label}: import did not create {rows} students: {report?.Outcome}, {report?.Errors.FirstOrDefault()?.Message}");
        await using var db = contexts.CreateDbContext();
        var students = await db.Students.CountAsync();
        var offices = await db.OfficeStatuses.CountAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {rows} rows in {elapsed.TotalSeconds:F2} s = {rows / elapsed.TotalSeconds:F0} rows/s, {cpu.TotalSeconds:F2} s of CPU in this process ({students} students, {offices} office statuses written, one transaction)"));
    }

    /// <summary>A roster the school's school.yml accepts: its degrees, its campuses, the usual graduation types.</summary>
    internal static string Generate(string school, IReadOnlyList<string> degrees, IReadOnlyList<string> campuses, int rows)
    {
        var random = new Random(20260620);
        var allowed = degrees.Count > 0 ? degrees : RosterParser.Degrees;
        var text = new StringBuilder("studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus\n");
        for (var i = 0; i < rows; i++)
        {
            var degree = allowed[random.Next(allowed.Count)];
            var graduationType = random.NextDouble() < 0.9 ? "正常毕业" : "确定延期";
            var campus = campuses.Count > 0 ? campuses[random.Next(campuses.Count)] : "";
            var digits = random.Next(0, 100_000).ToString("D5", CultureInfo.InvariantCulture) + (random.Next(11) is var d && d == 10 ? "X" : d.ToString(CultureInfo.InvariantCulture));
            text.Append(CultureInfo.InvariantCulture,
                $"{school}{i:D7},学生{i},{digits},{degree},{graduationType},{campus},{(random.NextDouble() < 0.2 ? "true" : "false")},{(random.NextDouble() < 0.7 ? "true" : "false")}\n");
        }
        return text.ToString();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string FindKnowledgeBase()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "knowledge-base");
        if (Directory.Exists(Path.Combine(beside, "cqu"))) return beside;
        throw new DirectoryNotFoundException("knowledge-base not found beside " + AppContext.BaseDirectory);
    }
}
