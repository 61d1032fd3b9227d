using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Clearance.Knowledge.Tests.Authoring;

/// <summary>
/// Documents the import tests read, written by the tests from guide-like text authored here (a fictional school):
/// the same notice as a .docx with Word heading styles, an HTML page, a PDF with a text layer, and plain text.
/// </summary>
public static class ImportFixtures
{
    /// <summary>(heading level or 0, text): a library notice and a campus-card service, as a school would publish them.</summary>
    public static readonly (int Level, string Text)[] Notice =
    [
        (1, "示例大学图书馆关于毕业生离校还书的通知"),
        (2, "一、还书流程"),
        (0, "毕业生须在2026年6月20日前还清所有图书。"),
        (0, "办理地点：图书馆一楼总服务台（A101室）"),
        (0, "工作时间：周一至周五 8:30-17:00"),
        (0, "联系电话：023-65102345"),
        (2, "二、图书遗失赔偿"),
        (0, "遗失图书按原价的3倍赔偿，另收加工费10元。"),
        (0, "6月28日后不再受理赔偿。"),
        (2, "三、校园卡注销"),
        (0, "受理部门：一卡通中心"),
        (0, "办理地点：2号窗口"),
        (0, "服务电话：65108888"),
        (0, "申请材料："),
        (0, "学生证、校园卡。"),
    ];

    public static string Text() => string.Join("\n", Notice.Select(l => l.Text)) + "\n";

    public static string Html() =>
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>通知</title><script>var x = '13800000000';</script></head><body>"
        + "<nav><a href=\"/\">首页</a></nav><article>"
        + string.Concat(Notice.Select(l => l.Level > 0 ? $"<h{l.Level}>{l.Text}</h{l.Level}>" : $"<p>{l.Text}</p>"))
        + "</article></body></html>";

    public static void Docx(string path)
    {
        using var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "Heading1" },
            new Style(new StyleName { Val = "heading 2" }) { Type = StyleValues.Paragraph, StyleId = "Heading2" });
        var body = new Body();
        foreach (var (level, text) in Notice)
        {
            var paragraph = new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            if (level > 0) paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = $"Heading{level}" }));
            body.Append(paragraph);
        }
        main.Document = new Document(body);
        main.Document.Save();
    }

    /// <summary>
    /// A one-page PDF whose text layer is the notice: a Type0 font with Identity-H codes equal to the characters'
    /// code points and a ToUnicode map, so any reader extracts the Chinese text without a CJK font installed.
    /// </summary>
    public static void Pdf(string path)
    {
        var chars = Notice.SelectMany(l => l.Text).Distinct().OrderBy(c => c).ToList();
        var cmap = new StringBuilder();
        cmap.Append("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
        foreach (var chunk in chars.Chunk(100))
        {
            cmap.Append($"{chunk.Length} beginbfchar\n");
            foreach (var c in chunk) cmap.Append($"<{(int)c:X4}> <{(int)c:X4}>\n");
            cmap.Append("endbfchar\n");
        }
        cmap.Append("endcmap CMapName currentdict /CMap defineresource pop end end\n");
        var content = new StringBuilder("BT /F1 12 Tf\n");
        var y = 800;
        foreach (var (_, text) in Notice)
        {
            content.Append($"1 0 0 1 40 {y} Tm <{string.Concat(text.Select(c => ((int)c).ToString("X4")))}> Tj\n");
            y -= 24;
        }
        content.Append("ET\n");
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            Stream(content.ToString()),
            "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 /CIDToGIDMap /Identity >>",
            Stream(cmap.ToString()),
            "<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append($"{offset:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        File.WriteAllText(path, pdf.ToString(), Encoding.ASCII);

        static string Stream(string data) => $"<< /Length {Encoding.ASCII.GetByteCount(data)} >>\nstream\n{data}endstream";
    }
}
