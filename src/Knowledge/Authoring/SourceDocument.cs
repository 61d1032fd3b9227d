using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Clearance.Knowledge.Authoring;

/// <summary>
/// One line of a school's document as <c>kb import</c> reads it: its number in the document (a paragraph of a .docx,
/// a block of an HTML page, a text line of a PDF page or a text file), its text, and the heading level the format
/// itself states (a Word heading style, an HTML h1–h6, a Markdown #), or null where only the wording can tell.
/// </summary>
public sealed record SourceLine(int Line, string Text, int? HeadingLevel = null);

/// <summary>A school's document turned into lines: .docx, .pdf (with a text layer), .html/.htm, .md, .txt.</summary>
public static partial class SourceDocument
{
    public static readonly IReadOnlyList<string> Extensions = [".docx", ".pdf", ".html", ".htm", ".md", ".txt"];

    public static IReadOnlyList<SourceLine> Read(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var lines = extension switch
        {
            ".docx" => Docx(path),
            ".pdf" => Pdf(path),
            ".html" or ".htm" => Html(File.ReadAllText(path)),
            ".md" => Markdown(File.ReadAllText(path)),
            // Schools paste Markdown into .txt files too; a '# ' line is a heading in either.
            ".txt" => Markdown(File.ReadAllText(path)),
            _ => throw new ImportException($"{Path.GetFileName(path)}: cannot read '{extension}' files (known: {string.Join(", ", Extensions)})"),
        };
        return [.. lines.Where(l => l.Text.Length > 0)];
    }

    private static string Clean(string text) =>
        MarkdownLink().Replace(text.Replace('\u00a0', ' ').Replace('\u3000', ' '), "$1").Replace("**", "").Trim();

    /// <summary>"[学生资助中心](https://…)" reads as its text; the address stays in the source document.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\[([^\]]+)\]\((?:https?://|mailto:)[^)]*\)")]
    private static partial System.Text.RegularExpressions.Regex MarkdownLink();

    public static IEnumerable<SourceLine> Text(string content) =>
        content.Replace("\r\n", "\n").Split('\n').Select((l, i) => new SourceLine(i + 1, Clean(l).TrimStart('>').Trim()));

    public static IEnumerable<SourceLine> Markdown(string content)
    {
        foreach (var line in Text(content))
        {
            var hashes = line.Text.TakeWhile(c => c == '#').Count();
            if (hashes is > 0 and <= 6 && line.Text.Length > hashes && line.Text[hashes] == ' ')
                yield return line with { Text = line.Text[hashes..].Trim(), HeadingLevel = hashes };
            else
                yield return line;
        }
    }

    private static IEnumerable<SourceLine> Docx(string path)
    {
        using var document = WordprocessingDocument.Open(path, false);
        var body = document.MainDocumentPart?.Document?.Body ?? throw new ImportException($"{Path.GetFileName(path)}: the document has no body");
        var styles = document.MainDocumentPart!.StyleDefinitionsPart?.Styles?.Elements<Style>()
            .Where(s => s.StyleId?.Value is not null)
            .ToDictionary(s => s.StyleId!.Value!, s => s.StyleName?.Val?.Value ?? "", StringComparer.Ordinal) ?? [];
        var number = 0;
        var result = new List<SourceLine>();
        foreach (var element in body.Elements())
        {
            switch (element)
            {
                case Paragraph paragraph:
                    number++;
                    result.Add(new SourceLine(number, Clean(paragraph.InnerText), HeadingLevelOf(paragraph, styles)));
                    break;
                case Table table:
                    // A table row reads as one line, cells apart, as the seeds' own tables do in plain text.
                    foreach (var row in table.Elements<TableRow>())
                    {
                        number++;
                        result.Add(new SourceLine(number, string.Join(" | ", row.Elements<TableCell>().Select(c => Clean(c.InnerText)).Where(t => t.Length > 0))));
                    }
                    break;
            }
        }
        return result;
    }

    private static int? HeadingLevelOf(Paragraph paragraph, Dictionary<string, string> styles)
    {
        var properties = paragraph.ParagraphProperties;
        if (properties?.OutlineLevel?.Val?.Value is { } outline && outline < 9) return outline + 1;
        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        if (styleId is null) return null;
        var name = styles.GetValueOrDefault(styleId, styleId);
        foreach (var candidate in new[] { name, styleId })
        {
            // "heading 2" (Word's own name), "Heading2" (its id), "标题 2" (a Chinese Word's name).
            var lower = candidate.ToLowerInvariant().Replace(" ", "");
            foreach (var prefix in new[] { "heading", "标题" })
            {
                if (lower.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(lower[prefix.Length..], out var level) && level is >= 1 and <= 6)
                    return level;
            }
            if (lower is "title" or "标题") return 1;
        }
        return null;
    }

    private static IEnumerable<SourceLine> Pdf(string path)
    {
        using var document = PdfDocument.Open(path);
        var number = 0;
        var result = new List<SourceLine>();
        foreach (var page in document.GetPages())
        {
            var text = ContentOrderTextExtractor.GetText(page);
            foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
                result.Add(new SourceLine(++number, Clean(line)));
        }
        if (result.All(l => l.Text.Length == 0))
            throw new ImportException($"{Path.GetFileName(path)}: the PDF has no text layer (a scan?); run it through OCR first");
        return result;
    }

    public static IEnumerable<SourceLine> Html(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var root = (IElement?)document.Body ?? document.DocumentElement;
        var result = new List<SourceLine>();
        Walk(root, result);
        return result;
    }

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase) { "P", "LI", "DT", "DD", "PRE", "BLOCKQUOTE", "CAPTION", "ADDRESS" };

    private static void Walk(IElement element, List<SourceLine> result)
    {
        var tag = element.TagName.ToUpperInvariant();
        if (tag is "SCRIPT" or "STYLE" or "NAV" or "NOSCRIPT" or "TEMPLATE") return;
        if (tag.Length == 2 && tag[0] == 'H' && char.IsAsciiDigit(tag[1]))
        {
            result.Add(new SourceLine(result.Count + 1, Clean(element.TextContent), tag[1] - '0'));
            return;
        }
        if (tag == "TR")
        {
            result.Add(new SourceLine(result.Count + 1, string.Join(" | ", element.Children.Select(c => Clean(c.TextContent)).Where(t => t.Length > 0))));
            return;
        }
        if (Blocks.Contains(tag) && !element.Children.Any(c => Blocks.Contains(c.TagName) || c.TagName.Length == 2 && c.TagName[0] is 'H' or 'h'))
        {
            // <br> inside a paragraph separates lines as the author wrote them.
            var parts = new List<string> { "" };
            foreach (var node in element.ChildNodes)
            {
                if (node is IElement { TagName: "BR" }) parts.Add("");
                else parts[^1] += node.TextContent;
            }
            foreach (var part in parts) result.Add(new SourceLine(result.Count + 1, Clean(part)));
            return;
        }
        if (!element.Children.Any())
        {
            var text = Clean(element.TextContent);
            if (text.Length > 0) result.Add(new SourceLine(result.Count + 1, text));
            return;
        }
        // Text directly inside a container that also holds elements (a div with text and a table) is kept too.
        foreach (var node in element.ChildNodes)
        {
            if (node is IElement child) Walk(child, result);
            else if (node.NodeType == NodeType.Text && Clean(node.TextContent) is { Length: > 0 } loose) result.Add(new SourceLine(result.Count + 1, loose));
        }
    }
}

/// <summary>A document <c>kb import</c> cannot read; the message names the file.</summary>
public sealed class ImportException(string message) : Exception(message);
