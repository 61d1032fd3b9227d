using Microsoft.Extensions.Options;

namespace Clearance.Integrations.ClearanceStatus;

/// <summary>
/// <c>Clearance</c>: where live statuses come from and whether to seed demo students. Who may change them
/// (<c>Clearance:StaffKeys</c>) is the staff feature's (<c>StaffKeyOptions</c> in the host).
/// </summary>
public sealed class ClearanceOptions
{
    public const string SectionName = "Clearance";
    public const string StoreProvider = "sqlite";
    public const string HttpProvider = "http";

    /// <summary><c>sqlite</c> (default: the records store, whichever database backs it) or <c>http</c> (the school's own system).</summary>
    public string Provider { get; set; } = StoreProvider;

    /// <summary>Seed deterministic demo students when the store is empty. Unset: on only in the Development environment with SQLite; true seeds in any environment (logged as a warning outside Development).</summary>
    public bool? DemoData { get; set; }

    public HttpStatusOptions Http { get; set; } = new();

    public bool UsesHttp => string.Equals(Provider, HttpProvider, StringComparison.OrdinalIgnoreCase);
}

/// <summary>How to read a school's own clearance system: <c>GET {BaseUrl}/{Path}</c> returning JSON, mapped by <see cref="Fields"/>.</summary>
public sealed class HttpStatusOptions
{
    public string? BaseUrl { get; set; }
    /// <summary>Relative path with <c>{school}</c> and <c>{studentId}</c> holes.</summary>
    public string Path { get; set; } = "clearance/{school}/{studentId}";
    /// <summary>A student waits for the answer: at most 2 seconds, then "查询暂时不可用".</summary>
    public double TimeoutSeconds { get; set; } = 2;
    /// <summary>A student asking twice in a row should not hit the school's system twice.</summary>
    public int CacheSeconds { get; set; } = 60;
    public HttpFieldMapping Fields { get; set; } = new();
}

/// <summary>Names in the remote JSON. Dotted paths (<c>data.items</c>) reach into nested objects.</summary>
public sealed class HttpFieldMapping
{
    public string Offices { get; set; } = "offices";
    public string OfficeId { get; set; } = "office";
    public string Status { get; set; } = "status";
    public string Note { get; set; } = "note";
    public string Details { get; set; } = "details";
    public string SubmittedAt { get; set; } = "submittedAt";
    public string Rows { get; set; } = "rows";
    public string RowYear { get; set; } = "year";
    public string RowItem { get; set; } = "item";
    public string RowAmount { get; set; } = "amount";
    public string Total { get; set; } = "total";
    public List<string> PassedValues { get; set; } = ["passed", "通过", "已通过", "√", "✓", "true"];
    public List<string> NotRequiredValues { get; set; } = ["notRequired", "无需办理", "不需要办理"];
    /// <summary>Remote office name or code → office id in school.yml (e.g. <c>"图书馆": "library"</c>).</summary>
    public Dictionary<string, string> OfficeIds { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ClearanceOptionsValidator : IValidateOptions<ClearanceOptions>
{
    public ValidateOptionsResult Validate(string? name, ClearanceOptions options)
    {
        var failures = new List<string>();
        if (!string.Equals(options.Provider, ClearanceOptions.StoreProvider, StringComparison.OrdinalIgnoreCase) && !options.UsesHttp)
            failures.Add($"Clearance:Provider must be 'sqlite' or 'http', not '{options.Provider}'.");
        if (options.UsesHttp && !Uri.TryCreate(options.Http.BaseUrl, UriKind.Absolute, out _))
            failures.Add("Clearance:Http:BaseUrl must be an absolute URL when Clearance:Provider is 'http'.");
        if (options.Http.TimeoutSeconds is <= 0 or > 2)
            failures.Add("Clearance:Http:TimeoutSeconds must be more than 0 and at most 2.");
        if (options.Http.CacheSeconds is < 0 or > 3600)
            failures.Add("Clearance:Http:CacheSeconds must be between 0 and 3600.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
