using System.Globalization;

namespace Clearance.Knowledge.Analysis;

/// <summary>
/// How much a word says about a topic, from jieba's corpus IDF table: "学校" or "现在" say little, "委屈" or
/// "食堂" a lot. Used to judge how much of a question a guide covers, independently of the school's own corpus.
/// </summary>
public static class WordWeights
{
    private const double Unknown = 10.0;
    private static readonly Lazy<Dictionary<string, double>> Table = new(Load);

    public static double Of(string word)
    {
        if (word.All(c => char.IsDigit(c) || c == '.')) return 2.0;
        if (Table.Value.TryGetValue(word, out var idf)) return idf;
        // An ASCII word or a campus coinage jieba never saw: weigh it like a rare word.
        return Unknown;
    }

    private static Dictionary<string, double> Load()
    {
        var table = new Dictionary<string, double>(StringComparer.Ordinal);
        var path = Path.Combine(AppContext.BaseDirectory, "jieba", "idf.txt");
        if (!File.Exists(path)) return table;
        foreach (var line in File.ReadLines(path))
        {
            var space = line.LastIndexOf(' ');
            if (space <= 0) continue;
            if (double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var idf))
                table[line[..space]] = idf;
        }
        return table;
    }
}
