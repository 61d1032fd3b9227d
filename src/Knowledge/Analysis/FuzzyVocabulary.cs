namespace Clearance.Knowledge.Analysis;

/// <summary>
/// Campus words of three or more characters (from the guides' keywords, titles and the user dictionary). A run in a
/// question that differs from one of them in exactly one character — a typo or a homophone picked by the input
/// method (一卡同 → 一卡通, 退速 → 退宿) — is taken to mean that word.
/// </summary>
public sealed class FuzzyVocabulary
{
    private readonly Dictionary<int, string[]> _wordsByLength;

    public FuzzyVocabulary(IEnumerable<string> words)
    {
        _wordsByLength = words
            .Select(ChineseSegmenter.Normalize)
            .Where(w => w.Length is >= 3 and <= 8 && w.All(ChineseSegmenter.IsCjk))
            .Distinct(StringComparer.Ordinal)
            .GroupBy(w => w.Length)
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>Characters that carry grammar, not topic: "离校要" is not a typo of "离校单".</summary>
    private const string FunctionCharacters = "的了是在有我你他她它们就都也还去吗呢吧啊多能会想要跑个这那和与及或被把给让对从到过着很最更不没请问哪一几啥么什怎咋谁除该吧呀嘛得地";

    /// <param name="isKnown">True for text the school's guides contain: such a run is not a typo.</param>
    public static bool IsFunctionCharacter(char c) => FunctionCharacters.Contains(c);

    public IEnumerable<FuzzyCorrection> Corrections(string normalized, Func<string, bool> isKnown)
    {
        var found = new HashSet<FuzzyCorrection>();
        foreach (var (length, words) in _wordsByLength)
        {
            for (var start = 0; start + length <= normalized.Length; start++)
            {
                var window = normalized.AsSpan(start, length);
                foreach (var word in words)
                {
                    if (OneCharacterApart(window, word) && !normalized.Contains(word, StringComparison.Ordinal) && !isKnown(window.ToString()))
                        found.Add(new FuzzyCorrection(window.ToString(), word));
                }
            }
        }
        return found;
    }

    private static bool OneCharacterApart(ReadOnlySpan<char> window, string word)
    {
        var differences = 0;
        for (var i = 0; i < word.Length; i++)
        {
            if (window[i] == word[i]) continue;
            // The differing character must itself be CJK: "一卡通" vs "一卡 " is not a typo.
            if (!ChineseSegmenter.IsCjk(window[i]) || FunctionCharacters.Contains(window[i]) || ++differences > 1) return false;
        }
        return differences == 1;
    }
}

/// <summary>A run of a question (<see cref="Window"/>) taken to be a mistyped <see cref="Word"/>.</summary>
public sealed record FuzzyCorrection(string Window, string Word);
