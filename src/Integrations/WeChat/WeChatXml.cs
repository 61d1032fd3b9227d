using System.Text;
using System.Xml;

namespace Clearance.Integrations.WeChat;

/// <summary>The top-level elements of a callback's <c>&lt;xml&gt;</c>, by name; nested elements keep their text.</summary>
public sealed class WeChatXmlFields(Dictionary<string, string> fields)
{
    public string? this[string name] => fields.GetValueOrDefault(name);

    public bool Has(string name) => fields.ContainsKey(name);

    public int Count => fields.Count;
}

/// <summary>
/// Callback XML in and reply XML out. Parsing refuses DTDs (no XXE, no entity expansion), resolves nothing, ignores
/// processing instructions and caps document size; a malformed document is a value, not an exception.
/// </summary>
public static class WeChatXml
{
    public const int MaxCharacters = 1_000_000;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <summary>Parses <c>&lt;xml&gt;…&lt;/xml&gt;</c>; null when the text is not well-formed, has a DTD or another root.</summary>
    /// <remarks>
    /// Read straight off the <see cref="XmlReader"/> instead of building an XDocument first: the tree was thrown away at
    /// once, and building it was the largest single cost of a safe-mode callback (two documents per message).
    /// </remarks>
    public static WeChatXmlFields? TryParse(string xml)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "xml") return null;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!reader.IsEmptyElement)
            {
                reader.Read();
                while (reader.NodeType != XmlNodeType.EndElement)
                {
                    if (reader.NodeType == XmlNodeType.Element)
                    {
                        var name = reader.LocalName;
                        fields.TryAdd(name, ReadText(reader));
                    }
                    // Text directly under <xml> carries no field.
                    else if (!reader.Read()) throw new XmlException("unexpected end of document");
                }
            }
            reader.Read();
            // Nothing but whitespace and comments may follow the root; the reader checks that as it reaches the end.
            while (reader.Read())
            {
            }
            return new WeChatXmlFields(fields);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>
    /// The text of the element the reader is on, its descendants' text included (as XElement.Value gives it), leaving
    /// the reader after the element's end.
    /// </summary>
    private static string ReadText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }
        var depth = reader.Depth;
        string? single = null;
        StringBuilder? many = null;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    if (single is null && many is null) single = reader.Value;
                    else (many ??= new StringBuilder(single)).Append(reader.Value);
                    break;
                case XmlNodeType.EndElement when reader.Depth == depth:
                    reader.Read();
                    return many?.ToString() ?? single ?? "";
            }
        }
        throw new XmlException("unexpected end of document");
    }

    /// <summary>As <see cref="TryParse(string)"/>, from the raw UTF-8 body.</summary>
    public static WeChatXmlFields? TryParse(ReadOnlySpan<byte> utf8)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        return TryParse(text);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>CDATA cannot contain <c>]]&gt;</c>: close and reopen around it.</summary>
    public static string EscapeCData(string text) =>
        text.Contains("]]>", StringComparison.Ordinal) ? text.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal) : text;

    /// <summary>Drops characters XML 1.0 cannot carry (control characters other than tab and newlines), which would make the reply unreadable.</summary>
    public static string RemoveInvalidCharacters(string text)
    {
        foreach (var c in text)
        {
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c)) return Filter(text);
        }
        return text;

        static string Filter(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)) builder.Append(c);
            }
            return builder.ToString();
        }
    }
}
