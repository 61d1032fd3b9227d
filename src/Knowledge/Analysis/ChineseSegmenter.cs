using System.Globalization;
using System.Text;
using JiebaNet.Segmenter;
using JiebaNet.Segmenter.Common;

namespace Clearance.Knowledge.Analysis;

/// <summary>
/// Turns Chinese text into search tokens: jieba words (search mode, so long words also yield their parts), with a
/// user dictionary of campus words, plus character bigrams of every CJK run so an unknown word or a wrong character
/// still matches in part. jieba's dictionary is one per process, so this is a process-wide singleton.
/// </summary>
public sealed class ChineseSegmenter
{
    private static readonly Lazy<ChineseSegmenter> Instance = new(() => new ChineseSegmenter());
    private readonly JiebaSegmenter _jieba;
    private readonly Lock _dictionaryLock = new();
    private readonly HashSet<string> _userWords = new(StringComparer.Ordinal);

    private ChineseSegmenter()
    {
        ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "jieba");
        _jieba = new JiebaSegmenter();
    }

    public static ChineseSegmenter Shared => Instance.Value;

    /// <summary>Full-width to half-width, compatibility forms folded, lower case.</summary>
    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    /// <summary>Adds campus words (离校, 研工办, 一卡通…) so jieba keeps them whole.</summary>
    public void AddWords(IEnumerable<string> words)
    {
        lock (_dictionaryLock)
        {
            foreach (var raw in words)
            {
                var word = Normalize(raw.Trim());
                if (word.Length < 2 || word.Length > 16 || word.Any(char.IsWhiteSpace) || !_userWords.Add(word)) continue;
                _jieba.AddWord(word, 2000);
            }
        }
    }

    /// <summary>jieba search-mode words of normalised text: CJK words, ASCII words and numbers; punctuation dropped.</summary>
    public List<string> Words(string normalized)
    {
        var words = new List<string>();
        // No HMM: new-word discovery invents "words" like 发没发 or 哪查 from question grammar; unknown runs stay as
        // single characters and are matched through bigrams instead.
        foreach (var token in _jieba.CutForSearch(normalized, hmm: false))
        {
            var word = token.Trim();
            if (word.Length == 0 || !word.Any(char.IsLetterOrDigit)) continue;
            words.Add(word);
            // A campus word that mixes Latin letters and Chinese (MAC地址, EMS邮寄) is kept whole; its Latin part is
            // a word of its own too, so "MAC咋清" finds the guide on MAC地址.
            if (word.Length > 1 && IsCjk(word[^1]) && char.IsAsciiLetter(word[0]))
            {
                var latin = word.AsSpan(0, word.AsSpan().IndexOfAnyExceptInRange('a', 'z'));
                if (latin.Length >= 2) words.Add(latin.ToString());
            }
        }
        return words;
    }

    /// <summary>
    /// jieba accurate-mode words: each character in exactly one word. Used to judge coverage, where search mode's
    /// overlapping parts (毕业生 → 毕业, 业生, 毕业生) would count one idea several times.
    /// </summary>
    public List<string> AccurateWords(string normalized) =>
        [.. _jieba.Cut(normalized, cutAll: false, hmm: false).Select(t => t.Trim()).Where(t => t.Length > 0 && t.Any(char.IsLetterOrDigit))];

    /// <summary>Bigrams of each run of CJK characters; a lone CJK character stands for itself.</summary>
    public static List<string> Bigrams(string normalized)
    {
        var grams = new List<string>();
        var start = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var cjk = i < normalized.Length && IsCjk(normalized[i]);
            if (cjk && start < 0) start = i;
            if (cjk || start < 0) continue;
            var length = i - start;
            if (length == 1) grams.Add(normalized.Substring(start, 1));
            for (var j = start; j + 1 < i; j++) grams.Add(normalized.Substring(j, 2));
            start = -1;
        }
        return grams;
    }

    public static bool IsCjk(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter && c >= '\u3400' && c <= '\u9fff';
}
