using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Clearance.Integrations.Records.EntityConfigurations;

/// <summary>How values the database has no type for are stored.</summary>
internal static class RecordConverters
{
    private static readonly JsonSerializerOptions DetailsJsonOptions = new(JsonSerializerDefaults.Web);

    public static readonly ValueConverter<OfficeDetails, string> DetailsAsJson = new(
        d => JsonSerializer.Serialize(d, DetailsJsonOptions),
        s => JsonSerializer.Deserialize<OfficeDetails>(s, DetailsJsonOptions) ?? new OfficeDetails());

    public static readonly ValueComparer<OfficeDetails> DetailsComparer = new(
        (a, b) => JsonSerializer.Serialize(a, DetailsJsonOptions) == JsonSerializer.Serialize(b, DetailsJsonOptions),
        d => JsonSerializer.Serialize(d, DetailsJsonOptions).GetHashCode(StringComparison.Ordinal),
        d => JsonSerializer.Deserialize<OfficeDetails>(JsonSerializer.Serialize(d, DetailsJsonOptions), DetailsJsonOptions)!);

    /// <summary>Stored as the API spells it (<c>passed</c>, <c>notRequired</c>) so the tables read like the contract.</summary>
    public static ValueConverter<T, string> EnumAsCamelCase<T>() where T : struct, Enum => new(
        v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()),
        s => Enum.Parse<T>(s, ignoreCase: true));
}
