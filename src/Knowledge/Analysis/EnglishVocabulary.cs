namespace Clearance.Knowledge.Analysis;

/// <summary>
/// English words and phrases students use, each standing for the Chinese campus word the guides use
/// (<c>english.txt</c>: <c>campus card, ecard = 一卡通, 校园卡</c>). A question's English is read as those words before
/// it is analysed, so "where is window 17" searches 在哪 窗口 17; the longest phrase wins ("student id card" is 学生证,
/// not 学生 + 身份证). A phrase mapped to <c>-</c> is dropped (the, of, my).
/// </summary>
public sealed class EnglishVocabulary
{
    private readonly Dictionary<string, List<(string[] Words, string Chinese)>> _byFirstWord = new(StringComparer.Ordinal);

    public static EnglishVocabulary Empty { get; } = new();

    public int Count { get; private set; }

    public static EnglishVocabulary Parse(string text)
    {
        var vocabulary = new EnglishVocabulary();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            var chinese = line[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            if (chinese is null) continue;
            foreach (var phrase in line[..eq].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var words = Words(ChineseSegmenter.Normalize(phrase));
                if (words.Length == 0) continue;
                if (!vocabulary._byFirstWord.TryGetValue(words[0], out var list)) vocabulary._byFirstWord[words[0]] = list = [];
                list.Add((words, chinese));
                vocabulary.Count++;
            }
        }
        foreach (var list in vocabulary._byFirstWord.Values) list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        return vocabulary;
    }

    /// <summary>Whether the text is written mostly in English (more Latin letters than CJK characters, and a word of it).</summary>
    public static bool IsEnglish(string text)
    {
        int latin = 0, cjk = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c)) latin++;
            else if (ChineseSegmenter.IsCjk(c)) cjk++;
        }
        return latin >= 6 && latin > cjk * 2;
    }

    /// <summary>The text with every English phrase the vocabulary knows replaced by its Chinese word.</summary>
    /// <param name="isKnown">
    /// True for text the school's guides contain: an English name the guides use themselves (Kindle) is kept beside
    /// its translation, since it names the one guide about it better than the general word does.
    /// </param>
    public string Translate(string normalized, Func<string, bool>? isKnown = null)
    {
        if (Count == 0 || !normalized.Any(char.IsAsciiLetter)) return normalized;
        var tokens = Tokens(normalized);
        var output = new System.Text.StringBuilder(normalized.Length + 16);
        for (var t = 0; t < tokens.Count; t++)
        {
            if (!tokens[t].Word || !_byFirstWord.TryGetValue(tokens[t].Text, out var candidates))
            {
                output.Append(tokens[t].Text);
                continue;
            }
            var matched = false;
            foreach (var (words, chinese) in candidates)
            {
                var end = MatchAt(tokens, t, words);
                if (end < 0) continue;
                // "-" stands for nothing: an English function word says nothing about the topic.
                output.Append(' ').Append(chinese == "-" ? "" : chinese).Append(' ');
                if (chinese != "-" && end == t && tokens[t].Text.Length >= 4 && isKnown?.Invoke(tokens[t].Text) == true)
                    output.Append(tokens[t].Text).Append(' ');
                t = end;
                matched = true;
                break;
            }
            if (!matched) output.Append(tokens[t].Text);
        }
        return output.ToString();
    }

    /// <summary>The index of the phrase's last word token when <paramref name="words"/> starts at token <paramref name="t"/>, else -1.</summary>
    private static int MatchAt(List<(string Text, bool Word)> tokens, int t, string[] words)
    {
        var k = t;
        for (var w = 0; w < words.Length; w++)
        {
            if (k >= tokens.Count || !tokens[k].Word || tokens[k].Text != words[w]) return -1;
            if (w == words.Length - 1) return k;
            k++;
            // Between two words of a phrase only blanks (or a hyphen: check-out, e-card) may stand.
            if (k >= tokens.Count || tokens[k].Word || (tokens[k].Text.Trim().Length != 0 && tokens[k].Text != "-")) return -1;
            k++;
        }
        return -1;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetter(c) || c == '\'';

    /// <summary>Runs of Latin letters (with ') as words, and everything between them as it is.</summary>
    private static List<(string Text, bool Word)> Tokens(string text)
    {
        var tokens = new List<(string Text, bool Word)>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var word = IsWordChar(text[i]);
            while (i < text.Length && IsWordChar(text[i]) == word) i++;
            tokens.Add((text[start..i], word));
        }
        return tokens;
    }

    private static string[] Words(string phrase) => [.. Tokens(phrase).Where(t => t.Word).Select(t => t.Text)];
}
