using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Clearance.Knowledge.Guides;

/// <summary>Reads one guide file: YAML front matter between <c>---</c> lines, then Markdown split at <c>##</c> headings.</summary>
public static class GuideParser
{
    public static Guide Parse(string school, string filePath, string content)
    {
        var lines = content.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
            throw new GuideFormatException(1, "the file must start with a '---' line opening the front matter");
        var close = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (close < 0)
            throw new GuideFormatException(1, "the front matter is not closed by a '---' line");

        var yaml = string.Join('\n', lines[1..close]);
        YamlMappingNode map;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            map = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
                ?? throw new GuideFormatException(2, "the front matter must be a mapping of 'key: value' lines");
        }
        catch (YamlException e)
        {
            // +1 for the opening '---' line.
            throw new GuideFormatException((int)e.Start.Line + 1, e.InnerException?.Message ?? e.Message);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet reports some unclosed structures this way, without a position: find it by parsing again.
            throw new GuideFormatException(LocateYamlError(yaml) + 1, "the front matter is not valid YAML (an unclosed [ or { ?)");
        }

        var front = new FrontMatter(map);
        var id = front.Required("id");
        var expectedPrefix = school + "/";
        if (!id.StartsWith(expectedPrefix, StringComparison.Ordinal))
            throw new GuideFormatException(front.LineOf("id") + 1, $"id '{id}' must start with '{expectedPrefix}'");

        return new Guide
        {
            Id = id,
            School = school,
            Title = front.Required("title"),
            Office = front.Text("office"),
            Department = front.Text("department"),
            Window = front.Text("window"),
            Room = front.Text("room"),
            Campus = front.Text("campus"),
            Where = front.Text("where"),
            Locations = front.Locations("locations"),
            Phone = front.List("phone"),
            Hours = front.Text("hours"),
            Keywords = front.List("keywords"),
            Questions = front.List("questions"),
            Source = front.Text("source"),
            Confirmed = front.Year("confirmed"),
            Draft = string.Equals(front.Text("draft"), "true", StringComparison.OrdinalIgnoreCase),
            FilePath = filePath,
            Sections = SplitSections(lines[(close + 1)..]),
        };
    }

    private static int LocateYamlError(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var line = 1;
        try
        {
            while (parser.MoveNext()) line = (int)(parser.Current?.End.Line ?? line);
        }
        catch (YamlException e)
        {
            return (int)e.Start.Line;
        }
        catch (InvalidOperationException)
        {
            // The last event parsed is as close as the parser gets.
        }
        return line;
    }

    private static List<GuideSection> SplitSections(string[] body)
    {
        var sections = new List<GuideSection>();
        var heading = "";
        var text = new StringBuilder();
        void Flush()
        {
            var t = text.ToString().Trim();
            if (t.Length > 0) sections.Add(new GuideSection(heading, t));
            text.Clear();
        }
        foreach (var line in body)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                heading = line[3..].Trim();
            }
            else
            {
                text.Append(line).Append('\n');
            }
        }
        Flush();
        return sections;
    }

    private sealed class FrontMatter(YamlMappingNode map)
    {
        private YamlNode? Node(string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        public int LineOf(string key) =>
            map.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key) is { } k ? (int)k.Start.Line : 1;

        public string Required(string key) =>
            Text(key) ?? throw new GuideFormatException(2, $"front matter needs '{key}'");

        public string? Text(string key) => Node(key) switch
        {
            null => null,
            YamlScalarNode s => string.IsNullOrWhiteSpace(s.Value) ? null : s.Value.Trim(),
            YamlSequenceNode seq => string.Join("；", seq.Children.OfType<YamlScalarNode>().Select(c => c.Value)),
            var other => throw new GuideFormatException((int)other.Start.Line + 1, $"'{key}' must be text"),
        };

        public IReadOnlyList<string> List(string key) => ListOf(Node(key), key);

        /// <summary>A four-digit year such as <c>confirmed: 2018</c>, or null when absent.</summary>
        public int? Year(string key) => Text(key) switch
        {
            null => null,
            var t when int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) && y is >= 1990 and <= 2100 => y,
            _ => throw new GuideFormatException(LineOf(key) + 1, $"'{key}' must be a year such as 2018"),
        };

        private static IReadOnlyList<string> ListOf(YamlNode? node, string key) => node switch
        {
            null => [],
            YamlScalarNode s => string.IsNullOrWhiteSpace(s.Value) ? [] : [s.Value.Trim()],
            YamlSequenceNode seq => [.. seq.Children.Select(c => c is YamlScalarNode s
                ? s.Value?.Trim() ?? ""
                : throw new GuideFormatException((int)c.Start.Line + 1, $"'{key}' must be a list of text")).Where(v => v.Length > 0)],
            var other => throw new GuideFormatException((int)other.Start.Line + 1, $"'{key}' must be a list"),
        };

        public IReadOnlyList<GuideLocation> Locations(string key)
        {
            if (Node(key) is not { } node) return [];
            if (node is not YamlSequenceNode seq)
                throw new GuideFormatException((int)node.Start.Line + 1, $"'{key}' must be a list of places");
            return [.. seq.Children.Select(child =>
            {
                if (child is not YamlMappingNode m)
                    throw new GuideFormatException((int)child.Start.Line + 1, $"each entry of '{key}' needs campus/where/phone");
                var f = new FrontMatter(m);
                return new GuideLocation(f.Text("campus"), f.Text("where"), f.List("phone"), f.Text("hours"));
            })];
        }
    }
}

/// <summary>A guide file that is not well formed; <see cref="Line"/> is 1-based in the file.</summary>
public sealed class GuideFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
