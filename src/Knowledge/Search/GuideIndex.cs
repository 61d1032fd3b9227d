using Clearance.Knowledge.Guides;
using Clearance.Knowledge.Schools;

namespace Clearance.Knowledge.Search;

/// <summary>A school's searchable guides.</summary>
public sealed class GuideIndex
{
    private GuideIndex(IReadOnlyList<Guide> guides) => Guides = guides;

    public IReadOnlyList<Guide> Guides { get; }

    public static GuideIndex Build(SchoolProfile profile, IReadOnlyList<Guide> guides) => new(guides);
}
