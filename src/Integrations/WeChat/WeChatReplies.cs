using System.Globalization;
using System.Text;

namespace Clearance.Integrations.WeChat;

/// <summary>A passive text reply: To/From swapped relative to the callback.</summary>
public sealed record TextMessageReply(string ToUserName, string FromUserName, long CreateTime, string Content)
{
    /// <summary>The platform cuts text beyond this many UTF-8 bytes (MP and WeCom).</summary>
    public const int MaxContentBytes = 2048;

    public string ToXml() =>
        $"<xml><ToUserName><![CDATA[{WeChatXml.EscapeCData(ToUserName)}]]></ToUserName><FromUserName><![CDATA[{WeChatXml.EscapeCData(FromUserName)}]]></FromUserName><CreateTime>{CreateTime.ToString(CultureInfo.InvariantCulture)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{WeChatXml.EscapeCData(WeChatXml.RemoveInvalidCharacters(Content))}]]></Content></xml>";
}

public sealed record NewsArticle(string Title, string? Description, string? PicUrl, string? Url);

/// <summary>A passive news (图文) reply; in practice the platform shows one article.</summary>
public sealed record NewsMessageReply(string ToUserName, string FromUserName, long CreateTime, IReadOnlyList<NewsArticle> Articles)
{
    public string ToXml()
    {
        var xml = new StringBuilder();
        xml.Append("<xml><ToUserName><![CDATA[").Append(WeChatXml.EscapeCData(ToUserName)).Append("]]></ToUserName>")
            .Append("<FromUserName><![CDATA[").Append(WeChatXml.EscapeCData(FromUserName)).Append("]]></FromUserName>")
            .Append("<CreateTime>").Append(CreateTime.ToString(CultureInfo.InvariantCulture)).Append("</CreateTime>")
            .Append("<MsgType><![CDATA[news]]></MsgType>")
            .Append("<ArticleCount>").Append(Articles.Count.ToString(CultureInfo.InvariantCulture)).Append("</ArticleCount><Articles>");
        foreach (var a in Articles)
        {
            xml.Append("<item><Title><![CDATA[").Append(Cdata(a.Title)).Append("]]></Title>")
                .Append("<Description><![CDATA[").Append(Cdata(a.Description)).Append("]]></Description>")
                .Append("<PicUrl><![CDATA[").Append(Cdata(a.PicUrl)).Append("]]></PicUrl>")
                .Append("<Url><![CDATA[").Append(Cdata(a.Url)).Append("]]></Url></item>");
        }
        return xml.Append("</Articles></xml>").ToString();

        static string Cdata(string? text) => WeChatXml.EscapeCData(WeChatXml.RemoveInvalidCharacters(text ?? ""));
    }
}

/// <summary>Cutting text to the platform's byte limits without breaking a character.</summary>
public static class WeChatText
{
    /// <summary>
    /// Splits <paramref name="text"/> into pieces of at most <paramref name="maxBytes"/> UTF-8 bytes, preferring a line
    /// break in the last quarter of a piece; never splits a surrogate pair.
    /// </summary>
    public static IReadOnlyList<string> SplitUtf8(string text, int maxBytes = TextMessageReply.MaxContentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 4);
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes) return [text];
        var pieces = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = FitEnd(text, start, maxBytes);
            if (end < text.Length)
            {
                var minimum = start + (end - start) * 3 / 4;
                var newline = text.LastIndexOf('\n', end - 1, end - minimum);
                if (newline >= minimum) end = newline + 1;
            }
            var piece = text[start..end].TrimEnd('\n');
            if (piece.Length > 0) pieces.Add(piece);
            start = end;
        }
        return pieces;
    }

    /// <summary>The first piece only, for a channel that can send one message.</summary>
    public static string CutUtf8(string text, int maxBytes = TextMessageReply.MaxContentBytes) =>
        Encoding.UTF8.GetByteCount(text) <= maxBytes ? text : text[..FitEnd(text, 0, maxBytes)];

    // The end index (exclusive) of the longest run from start whose UTF-8 form fits in maxBytes.
    private static int FitEnd(string text, int start, int maxBytes)
    {
        var bytes = 0;
        var i = start;
        while (i < text.Length)
        {
            int width;
            int chars;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                width = 4;
                chars = 2;
            }
            else
            {
                var c = text[i];
                // A lone surrogate is encoded as U+FFFD (3 bytes).
                width = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                chars = 1;
            }
            if (bytes + width > maxBytes) break;
            bytes += width;
            i += chars;
        }
        return i;
    }
}
