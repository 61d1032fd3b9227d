namespace Clearance.Knowledge.Guides;

/// <summary>A file that could not be loaded, with the line where the problem is (1-based; 0 when unknown).</summary>
public sealed record KnowledgeLoadError(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
