namespace Clearance.Knowledge.Analysis;

/// <summary>
/// Campus words (from the guides' keywords, titles, synonyms and the user dictionary). A run in a question that
/// differs from a word of three or more characters in exactly one character — a typo or a homophone picked by the
/// input method (一卡同 → 一卡通) — is taken to mean that word. A two-character word is matched only through a
/// homophone (退速 → 退宿, 还带 → 还贷): one free character would make 退? stand for 退宿, 退费 and 退卡 alike.
/// </summary>
public sealed class FuzzyVocabulary
{
    /// <summary>Characters that carry grammar, not topic: "离校要" is not a typo of "离校单".</summary>
    private const string FunctionCharacters = "的了是在有我你他她它们就都也还去吗呢吧啊多能会想要跑个这那和与及或被把给让对从到过着很最更不没请问哪一几啥么什怎咋谁除该吧呀嘛得地";

    private const char Hole = '\u0000';

    /// <summary>Each word once per position with that character replaced by a hole: one lookup finds every word one character away.</summary>
    private readonly Dictionary<string, List<string>> _byMask = new(StringComparer.Ordinal);
    private readonly int[] _lengths;

    /// <summary>Each two-character word under every spelling one homophone away, with the position that differs.</summary>
    private readonly Dictionary<string, List<(string Word, int Position)>> _pairsBySound = new(StringComparer.Ordinal);

    public FuzzyVocabulary(IEnumerable<string> words, Homophones? homophones = null)
    {
        var all = words
            .Select(ChineseSegmenter.Normalize)
            .Where(w => w.All(ChineseSegmenter.IsCjk))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var distinct = all.Where(w => w.Length is >= 3 and <= 8).ToList();
        foreach (var pair in all.Where(w => w.Length == 2))
        {
            for (var k = 0; k < 2; k++)
            {
                foreach (var sound in (homophones ?? Homophones.Empty).Of(pair[k]))
                {
                    var spelling = k == 0 ? $"{sound}{pair[1]}" : $"{pair[0]}{sound}";
                    if (!_pairsBySound.TryGetValue(spelling, out var list)) _pairsBySound[spelling] = list = [];
                    list.Add((pair, k));
                }
            }
        }
        foreach (var word in distinct)
        {
            for (var k = 0; k < word.Length; k++)
            {
                var mask = Mask(word, k);
                if (!_byMask.TryGetValue(mask, out var list)) _byMask[mask] = list = [];
                list.Add(word);
            }
        }
        _lengths = [.. distinct.Select(w => w.Length).Distinct().Order()];
    }

    public static bool IsFunctionCharacter(char c) => FunctionCharacters.Contains(c);

    /// <param name="isKnown">True for text the school's guides contain: such a run is not a typo.</param>
    public IEnumerable<FuzzyCorrection> Corrections(string normalized, Func<string, bool> isKnown)
    {
        var found = new HashSet<FuzzyCorrection>();
        // Looked up by span: almost no two-character run of a question is a misspelt campus word, and each would
        // otherwise cost a string.
        var pairsBySound = _pairsBySound.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var start = 0; start + 2 <= normalized.Length; start++)
        {
            if (!pairsBySound.TryGetValue(normalized.AsSpan(start, 2), out var pairs)) continue;
            var window = normalized.Substring(start, 2);
            if (isKnown(window)) continue;
            foreach (var (word, position) in pairs)
            {
                if (IsFunctionCharacter(window[position]) || normalized.Contains(word, StringComparison.Ordinal)) continue;
                found.Add(new FuzzyCorrection(window, word));
            }
        }
        foreach (var length in _lengths)
        {
            for (var start = 0; start + length <= normalized.Length; start++)
            {
                var window = normalized.Substring(start, length);
                bool? known = null;
                for (var k = 0; k < length; k++)
                {
                    // The differing character must itself be a CJK content character: "一卡 " is no typo of 一卡通.
                    var c = window[k];
                    if (!ChineseSegmenter.IsCjk(c) || IsFunctionCharacter(c)) continue;
                    if (!_byMask.TryGetValue(Mask(window, k), out var words)) continue;
                    foreach (var word in words)
                    {
                        if (word == window || normalized.Contains(word, StringComparison.Ordinal)) continue;
                        if (!AllCjk(window)) continue;
                        known ??= isKnown(window);
                        if (known == true) break;
                        found.Add(new FuzzyCorrection(window, word));
                    }
                }
            }
        }
        return found;
    }

    private static bool AllCjk(string window) => window.All(ChineseSegmenter.IsCjk);

    private static string Mask(string word, int position) =>
        string.Create(word.Length, (word, position), static (span, state) =>
        {
            state.word.AsSpan().CopyTo(span);
            span[state.position] = Hole;
        });
}

/// <summary>A run of a question (<see cref="Window"/>) taken to be a mistyped <see cref="Word"/>.</summary>
public sealed record FuzzyCorrection(string Window, string Word);
