namespace Clearance.Knowledge.Analysis;

/// <summary>
/// Characters an input method offers for the same syllable (<c>homophones.txt</c>: one group a line, tone ignored).
/// A character may belong to several groups; its homophones are the union.
/// </summary>
public sealed class Homophones
{
    private readonly Dictionary<char, HashSet<char>> _of = [];

    public static Homophones Empty { get; } = new();

    public static Homophones Parse(string text)
    {
        var table = new Homophones();
        foreach (var line in text.Split('\n'))
        {
            foreach (var group in line.Split('#')[0].Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var c in group)
                {
                    if (!table._of.TryGetValue(c, out var set)) table._of[c] = set = [];
                    set.UnionWith(group.Where(other => other != c));
                }
            }
        }
        return table;
    }

    /// <summary>The other characters that sound like <paramref name="c"/>.</summary>
    public IReadOnlyCollection<char> Of(char c) => _of.TryGetValue(c, out var set) ? set : [];
}
