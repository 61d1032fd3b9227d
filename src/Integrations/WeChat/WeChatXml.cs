using System.Text;
using System.Xml;
using System.Xml.Linq;

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
    public static WeChatXmlFields? TryParse(string xml)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings);
            var document = XDocument.Load(reader, LoadOptions.None);
            return FromRoot(document.Root);
        }
        catch (XmlException)
        {
            return null;
        }
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

    private static WeChatXmlFields? FromRoot(XElement? root)
    {
        if (root is null || root.Name.LocalName != "xml") return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in root.Elements())
            fields.TryAdd(element.Name.LocalName, element.Value);
        return new WeChatXmlFields(fields);
    }

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
