using Microsoft.Extensions.Options;

namespace Clearance.Bot.Staff;

/// <summary>
/// <c>Clearance:StaffKeys</c>: the staff keys, each scoped to a school and an office (<c>*</c> = every office: an
/// administrator; <c>School</c> <c>*</c> with <c>Office</c> <c>*</c>: the service's operator). The key stays under the
/// <c>Clearance</c> section where deployments set it; it belongs to the staff feature, which is the only reader.
/// </summary>
public sealed class StaffKeyOptions
{
    public const string SectionName = "Clearance";

    public List<StaffKey> StaffKeys { get; set; } = [];
}

public sealed class StaffKey
{
    public const string AnyOffice = "*";
    /// <summary>A key for the service's operators rather than one school: with <see cref="AnyOffice"/>, the whole job dashboard.</summary>
    public const string AnySchool = "*";

    /// <summary>The secret, from the environment (e.g. <c>Clearance__StaffKeys__0__Key</c>); never logged or audited.</summary>
    public string Key { get; set; } = "";
    public string School { get; set; } = "";
    public string Office { get; set; } = AnyOffice;
    /// <summary>Who this key is, as the audit log records it (e.g. <c>cqu-finance</c>). Defaults to school/office.</summary>
    public string? Name { get; set; }

    public bool IsAdmin => Office == AnyOffice;

    /// <summary>Runs the service for every school on it: may trigger and delete any school's jobs.</summary>
    public bool IsOperator => School == AnySchool && Office == AnyOffice;

    public string Label => string.IsNullOrWhiteSpace(Name) ? $"{School}/{Office}" : Name;
}

/// <summary>Every key usable and unambiguous at start, or the host stops with the key's configuration path.</summary>
public sealed class StaffKeyOptionsValidator : IValidateOptions<StaffKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, StaffKeyOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.StaffKeys.Count; i++)
        {
            var key = options.StaffKeys[i];
            if (key.Key.Length < 12) failures.Add($"Clearance:StaffKeys:{i}:Key must be at least 12 characters.");
            if (string.IsNullOrWhiteSpace(key.School)) failures.Add($"Clearance:StaffKeys:{i}:School is required.");
            else if (key.School == StaffKey.AnySchool && key.Office != StaffKey.AnyOffice)
                failures.Add($"Clearance:StaffKeys:{i}: an operator key (School '*') is for every office too: Office must be '*'.");
            if (string.IsNullOrWhiteSpace(key.Office)) failures.Add($"Clearance:StaffKeys:{i}:Office is required ('*' for every office).");
        }
        if (options.StaffKeys.GroupBy(k => k.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
            failures.Add("Clearance:StaffKeys: the same key is listed twice.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
