using System.ComponentModel.DataAnnotations;

namespace Clearance.Knowledge;

public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>Folder holding one sub-folder per school; relative paths are taken from the application's base directory.</summary>
    [Required]
    public string Root { get; set; } = "knowledge-base";

    /// <summary>
    /// The learned judge of candidate guides: <c>shipped</c> (the file built into this release; none shipped means the
    /// hand rules alone), <c>off</c>, or the path of a file written by <c>eval train-ranker</c>.
    /// </summary>
    [Required]
    public string Ranker { get; set; } = "shipped";

    public Answers.GuideRanker? ResolveRanker() => Ranker.Trim() switch
    {
        "off" or "" => null,
        "shipped" => Answers.GuideRanker.Shipped,
        var path => Answers.GuideRanker.Load(Path.IsPathRooted(path) ? path : Path.GetFullPath(path)),
    };

    public string ResolveRoot() =>
        Path.IsPathRooted(Root) ? Root : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, Root));
}
