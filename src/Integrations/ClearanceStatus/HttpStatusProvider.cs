using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Clearance.Integrations.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.ClearanceStatus;

/// <summary>
/// <c>Clearance:Provider=http</c>: reads statuses from the school's own clearance system. The student (campus, loan,
/// name) still comes from our roster; only the office verdicts are remote. Timeouts, errors and unexpected JSON become
/// <see cref="LookupOutcome.Unavailable"/>; answers are cached briefly.
/// </summary>
public sealed partial class HttpStatusProvider(
    IHttpClientFactory httpClients,
    RosterStore store,
    IOptions<ClearanceOptions> options,
    TimeProvider time,
    ILogger<HttpStatusProvider> logger) : IClearanceStatusProvider
{
    public const string ClientName = "clearance-status";

    private readonly ConcurrentDictionary<(string School, string StudentId), (DateTimeOffset Expires, ClearanceRecord Record)> _cache = new();

    public bool OwnsRecords => false;

    public async Task<ClearanceLookup> LookupAsync(string school, string studentId, CancellationToken cancellationToken)
    {
        var settings = options.Value.Http;
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((school, studentId), out var cached) && cached.Expires > now)
            return ClearanceLookup.Found(cached.Record);

        Student? student;
        try
        {
            student = await store.FindStudentAsync(school, studentId, cancellationToken);
        }
        catch (Exception e) when (RecordsOutage.Is(e))
        {
            // Our roster being down is as much an outage as the school's system being down: explained, not thrown.
            return Unavailable(school, "store: " + e.GetType().Name);
        }
        if (student is null) return ClearanceLookup.NotFound;

        var path = settings.Path
            .Replace("{school}", Uri.EscapeDataString(school), StringComparison.Ordinal)
            .Replace("{studentId}", Uri.EscapeDataString(studentId), StringComparison.Ordinal);
        var client = httpClients.CreateClient(ClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var response = await client.GetAsync(new Uri(new Uri(AsBase(settings.BaseUrl!)), path), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound) return ClearanceLookup.NotFound;
            if (!response.IsSuccessStatusCode)
                return Unavailable(school, "http " + (int)response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            var record = Map(student, document.RootElement, settings.Fields, now);
            if (record is null) return Unavailable(school, "unexpected json");
            if (settings.CacheSeconds > 0)
                _cache[(school, studentId)] = (now.AddSeconds(settings.CacheSeconds), record);
            return ClearanceLookup.Found(record);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unavailable(school, "timeout");
        }
        catch (HttpRequestException e)
        {
            return Unavailable(school, "http " + (e.HttpRequestError));
        }
        catch (AmountOutOfRangeException)
        {
            return Unavailable(school, "amount out of range");
        }
        catch (JsonException)
        {
            return Unavailable(school, "invalid json");
        }
    }

    private ClearanceLookup Unavailable(string school, string problem)
    {
        LogUnavailable(logger, school, problem);
        return ClearanceLookup.Unavailable(problem);
    }

    private static string AsBase(string baseUrl) => baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";

    /// <summary>Maps the remote JSON to a record; null when the shape is not the configured one.</summary>
    internal static ClearanceRecord? Map(Student student, JsonElement root, HttpFieldMapping fields, DateTimeOffset now)
    {
        if (Find(root, fields.Offices) is not { ValueKind: JsonValueKind.Array } offices) return null;
        var statuses = new List<OfficeStatus>();
        foreach (var item in offices.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || Text(Find(item, fields.OfficeId)) is not { Length: > 0 } remoteId) continue;
            var officeId = fields.OfficeIds.GetValueOrDefault(remoteId, remoteId);
            var status = Text(Find(item, fields.Status)) ?? "";
            statuses.Add(new OfficeStatus
            {
                School = student.School,
                StudentId = student.StudentId,
                OfficeId = officeId,
                State = fields.PassedValues.Contains(status, StringComparer.OrdinalIgnoreCase) ? OfficeState.Passed
                    : fields.NotRequiredValues.Contains(status, StringComparer.OrdinalIgnoreCase) ? OfficeState.NotRequired
                    : OfficeState.Pending,
                Note = Text(Find(item, fields.Note)),
                Details = Details(Find(item, fields.Details), fields),
                UpdatedAt = now,
                UpdatedBy = "http",
            });
        }
        DateTimeOffset? submittedAt = Text(Find(root, fields.SubmittedAt)) is { } s
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        return new ClearanceRecord(student, statuses, submittedAt);
    }

    private static OfficeDetails Details(JsonElement? element, HttpFieldMapping fields)
    {
        if (element is not { ValueKind: JsonValueKind.Object } details) return new OfficeDetails();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new List<FeeRow>();
        decimal? total = null;
        foreach (var property in details.EnumerateObject())
        {
            if (property.Name == fields.Rows && property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var row in property.Value.EnumerateArray())
                {
                    if (row.ValueKind != JsonValueKind.Object) continue;
                    rows.Add(new FeeRow(
                        Text(Find(row, fields.RowYear)) ?? "",
                        Text(Find(row, fields.RowItem)) ?? "",
                        Amount(Find(row, fields.RowAmount)) ?? 0));
                }
            }
            else if (property.Name == fields.Total)
            {
                total = Amount(property.Value);
            }
            else if (Text(property.Value) is { } text)
            {
                values[property.Name] = text;
            }
        }
        return new OfficeDetails { Fields = values, Rows = rows, Total = total };
    }

    private static JsonElement? Find(JsonElement element, string path)
    {
        var current = element;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current)) return null;
        }
        return current;
    }

    private static string? Text(JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.String => element.Value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.Value.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// An amount as a decimal; null when absent or not a number. A number a decimal cannot hold (1e400, 40 digits, as
    /// JSON or as text) is not silently "no debt": it makes the whole answer unusable, reported as unavailable.
    /// </summary>
    private static decimal? Amount(JsonElement? element)
    {
        switch (element?.ValueKind)
        {
            case JsonValueKind.Number:
                return element.Value.TryGetDecimal(out var number) ? number : throw new AmountOutOfRangeException();
            case JsonValueKind.String:
                var text = element.Value.GetString();
                if (decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                return double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _)
                    ? throw new AmountOutOfRangeException()
                    : null;
            default:
                return null;
        }
    }

    /// <summary>The school's system sent an amount no decimal holds; local to the mapping, caught in <see cref="LookupAsync"/>.</summary>
    private sealed class AmountOutOfRangeException() : JsonException("amount out of range");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clearance status for {School} unavailable from the school's system: {Problem}")]
    private static partial void LogUnavailable(ILogger logger, string school, string problem);
}
