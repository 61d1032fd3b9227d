namespace Clearance.Knowledge.Guides;

/// <summary>One service-window guide: front matter plus its body split into sections.</summary>
public sealed class Guide
{
    public required string Id { get; init; }
    public required string School { get; init; }
    public required string Title { get; init; }
    public string? Office { get; init; }
    public string? Department { get; init; }
    public string? Window { get; init; }
    public string? Room { get; init; }
    public string? Campus { get; init; }
    public string? Where { get; init; }
    public IReadOnlyList<GuideLocation> Locations { get; init; } = [];
    public IReadOnlyList<string> Phone { get; init; } = [];
    public string? Hours { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public IReadOnlyList<string> Questions { get; init; } = [];
    public string? Source { get; init; }
    /// <summary>The year the guide's facts were last confirmed (<c>confirmed:</c>); dates from an older year are shown as such.</summary>
    public int? Confirmed { get; init; }
    /// <summary><c>draft: true</c>: written by <c>kb import</c> and not served until a person removes the line.</summary>
    public bool Draft { get; init; }
    public required string FilePath { get; init; }
    public IReadOnlyList<GuideSection> Sections { get; init; } = [];
}

public sealed record GuideLocation(string? Campus, string? Where, IReadOnlyList<string> Phone, string? Hours);

/// <summary>A <c>##</c> section of a guide; <see cref="Heading"/> is empty for text before the first heading.</summary>
public sealed record GuideSection(string Heading, string Text);
