namespace Clearance.Knowledge.Analysis;

/// <summary>
/// Campus words of three or more characters (from the guides' keywords, titles and the user dictionary). A run in a
/// question that differs from one of them in exactly one character — a typo or a homophone picked by the input
/// method (一卡同 → 一卡通, 退速 → 退宿) — is taken to mean that word.
/// </summary>
public sealed class FuzzyVocabulary
{
    /// <summary>Characters that carry grammar, not topic: "离校要" is not a typo of "离校单".</summary>
    private const string FunctionCharacters = "的了是在有我你他她它们就都也还去吗呢吧啊多能会想要跑个这那和与及或被把给让对从到过着很最更不没请问哪一几啥么什怎咋谁除该吧呀嘛得地";

    private const char Hole = '\u0000';

    /// <summary>Each word once per position with that character replaced by a hole: one lookup finds every word one character away.</summary>
    private readonly Dictionary<string, List<string>> _byMask = new(StringComparer.Ordinal);
    private readonly int[] _lengths;

    public FuzzyVocabulary(IEnumerable<string> words)
    {
        var distinct = words
            .Select(ChineseSegmenter.Normalize)
            .Where(w => w.Length is >= 3 and <= 8 && w.All(ChineseSegmenter.IsCjk))
            .Distinct(StringComparer.Ordinal)
            .ToList();
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
