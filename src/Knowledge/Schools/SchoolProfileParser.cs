using Clearance.Knowledge.Guides;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Clearance.Knowledge.Schools;

public static class SchoolProfileParser
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Parses <c>school.yml</c>; a malformed file raises <see cref="GuideFormatException"/> with the line.</summary>
    public static SchoolProfile Parse(string schoolId, string yaml)
    {
        SchoolProfile profile;
        try
        {
            profile = Deserializer.Deserialize<SchoolProfile>(yaml) ?? throw new GuideFormatException(1, "school.yml is empty");
        }
        catch (YamlException e)
        {
            throw new GuideFormatException((int)e.Start.Line, e.InnerException?.Message ?? e.Message);
        }
        if (string.IsNullOrWhiteSpace(profile.Id)) profile.Id = schoolId;
        if (profile.Id != schoolId)
            throw new GuideFormatException(1, $"id '{profile.Id}' does not match the folder '{schoolId}'");
        if (string.IsNullOrWhiteSpace(profile.Name))
            throw new GuideFormatException(1, "school.yml needs 'name'");
        try
        {
            _ = profile.ResolveTimeZone();
        }
        catch (TimeZoneNotFoundException)
        {
            throw new GuideFormatException(1, $"unknown timeZone '{profile.TimeZone}'");
        }
        foreach (var entry in profile.Calendar)
        {
            try
            {
                _ = entry.DateIn(2000);
                foreach (var year in entry.Years.Keys) _ = entry.DateIn(year);
            }
            catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
            {
                throw new GuideFormatException(1, $"calendar entry '{entry.Title}': date '{entry.Date}' (or one of its years:) is not MM-DD");
            }
        }
        return profile;
    }
}
