using System.ComponentModel.DataAnnotations;

namespace Clearance.Knowledge;

public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>Folder holding one sub-folder per school; relative paths are taken from the application's base directory.</summary>
    [Required]
    public string Root { get; set; } = "knowledge-base";

    public string ResolveRoot() =>
        Path.IsPathRooted(Root) ? Root : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, Root));
}
