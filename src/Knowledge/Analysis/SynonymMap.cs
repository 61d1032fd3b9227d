namespace Clearance.Knowledge.Analysis;

/// <summary>
/// Groups of words students use for the same thing (一卡通/校园卡/饭卡, 退宿/退房/退寝…). Both guides and questions get
/// the group's first word appended wherever any member occurs, so either side's wording meets the other's.
/// Loaded from <c>knowledge-base/synonyms.txt</c>: one group a line, words separated by spaces, '#' comments.
/// </summary>
public sealed class SynonymMap
{
    private readonly (string Variant, string Canonical)[] _variants;
    private readonly Dictionary<char, (string Variant, string Canonical)[]> _byFirstCharacter;

    public SynonymMap(IEnumerable<IReadOnlyList<string>> groups)
    {
        var variants = new List<(string, string)>();
        foreach (var group in groups)
        {
            if (group.Count < 2) continue;
            var canonical = ChineseSegmenter.Normalize(group[0]);
            foreach (var word in group) variants.Add((ChineseSegmenter.Normalize(word), canonical));
        }
        // Longest first, so 校园一卡通 is seen before 一卡通.
        _variants = [.. variants.OrderByDescending(v => v.Item1.Length)];
        _byFirstCharacter = _variants.Where(v => v.Variant.Length > 0)
            .GroupBy(v => v.Variant[0])
            .ToDictionary(g => g.Key, g => g.ToArray());
        Groups = [.. groups];
    }

    public static SynonymMap Empty { get; } = new([]);

    public IReadOnlyList<IReadOnlyList<string>> Groups { get; }

    public static SynonymMap Parse(string text)
    {
        var groups = new List<IReadOnlyList<string>>();
        foreach (var line in text.Split('\n'))
        {
            var content = line.Split('#')[0].Trim();
            if (content.Length == 0) continue;
            groups.Add(content.Split([' ', '\t', ',', '，', '/', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        return new SynonymMap(groups);
    }

    /// <summary>The canonical words of every group that occurs in <paramref name="normalized"/>.</summary>
    public IReadOnlyCollection<string> CanonicalsIn(string normalized)
    {
        // One pass over the text, trying only the variants that start with the character at hand: this runs for
        // every guide section at index time and for every question.
        HashSet<string>? found = null;
        var text = normalized.AsSpan();
        for (var i = 0; i < text.Length; i++)
        {
            if (!_byFirstCharacter.TryGetValue(text[i], out var candidates)) continue;
            foreach (var (variant, canonical) in candidates)
            {
                if (text[i..].StartsWith(variant, StringComparison.Ordinal)) (found ??= new(StringComparer.Ordinal)).Add(canonical);
            }
        }
        return (IReadOnlyCollection<string>?)found ?? [];
    }

    /// <summary>Where each group occurs in <paramref name="normalized"/>: start, length and the group's first word.</summary>
    public IEnumerable<(int Start, int Length, string Canonical)> Occurrences(string normalized)
    {
        for (var i = 0; i < normalized.Length; i++)
        {
            if (!_byFirstCharacter.TryGetValue(normalized[i], out var candidates)) continue;
            foreach (var (variant, canonical) in candidates)
            {
                if (normalized.AsSpan(i).StartsWith(variant, StringComparison.Ordinal)) yield return (i, variant.Length, canonical);
            }
        }
    }

    /// <summary>The group's first word when <paramref name="word"/> is a member of a group, else the word itself.</summary>
    public string CanonicalOf(string word)
    {
        foreach (var (variant, canonical) in _variants)
        {
            if (variant == word) return canonical;
        }
        return word;
    }

    /// <summary>Every word of the groups <paramref name="word"/> belongs to, itself included.</summary>
    public IEnumerable<string> Alternatives(string word)
    {
        yield return word;
        foreach (var group in Groups)
        {
            if (!group.Any(w => ChineseSegmenter.Normalize(w) == word)) continue;
            foreach (var w in group)
            {
                var n = ChineseSegmenter.Normalize(w);
                if (n != word) yield return n;
            }
        }
    }
}
