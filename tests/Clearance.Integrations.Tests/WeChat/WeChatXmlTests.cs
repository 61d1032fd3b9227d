using System.Text;
using Clearance.Integrations.WeChat;

namespace Clearance.Integrations.Tests.WeChat;

public sealed class WeChatXmlTests
{
    [Fact]
    public void ExternalEntityIsRefusedAndNothingIsRead()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "top-secret");
        var xml = $"<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file://{secret}\">]><xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType><Content>&xxe;</Content></xml>";

        Assert.Null(WeChatXml.TryParse(xml));
        File.Delete(secret);
    }

    [Fact]
    public void EntityExpansionBombIsRefused()
    {
        var xml = "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><xml><Content>&c;</Content></xml>";

        Assert.Null(WeChatXml.TryParse(xml));
    }

    [Theory]
    [InlineData("<xml><ToUserName>a</ToUserName>")]
    [InlineData("<root><ToUserName>a</ToUserName></root>")]
    [InlineData("not xml")]
    [InlineData("")]
    [InlineData("{\"json\":true}")]
    public void MalformedOrForeignDocumentsAreNull(string xml)
    {
        Assert.Null(WeChatXml.TryParse(xml));
    }

    [Fact]
    public void InvalidUtf8IsNull()
    {
        byte[] bytes = [.. "<xml><Content>"u8, 0xC3, 0x28, .. "</Content></xml>"u8];

        Assert.Null(WeChatXml.TryParse(bytes));
    }

    [Theory]
    [InlineData("<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_123]]></EventKey><Ticket><![CDATA[T]]></Ticket></xml>", typeof(SubscribePushEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>unsubscribe</Event></xml>", typeof(UnsubscribePushEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>CLICK</Event><EventKey>HELP</EventKey></xml>", typeof(ClickPushEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>VIEW</Event><EventKey>https://x</EventKey><MenuId>7</MenuId></xml>", typeof(ViewPushEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>SCAN</Event><EventKey>123</EventKey></xml>", typeof(ScanPushEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>LOCATION</Event><Latitude>23.1</Latitude></xml>", typeof(LocationPushEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>kf_msg_or_event</Event></xml>", typeof(UnknownCallbackEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><PicUrl>u</PicUrl><MediaId>m</MediaId><MsgId>5</MsgId></xml>", typeof(ImageMessageEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><Recognition>退宿</Recognition><MsgId>5</MsgId></xml>", typeof(VoiceMessageEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>shortvideo</MsgType><MediaId>m</MediaId><MsgId>5</MsgId></xml>", typeof(VideoMessageEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>location</MsgType><Location_X>23</Location_X><Location_Y>113</Location_Y><MsgId>5</MsgId></xml>", typeof(LocationMessageEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>link</MsgType><Url>u</Url><MsgId>5</MsgId></xml>", typeof(LinkMessageEvent))]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>miniprogrampage</MsgType><MsgId>5</MsgId></xml>", typeof(UnknownCallbackEvent))]
    public void EveryCallbackTypeParsesToItsModel(string xml, Type expected)
    {
        var parsed = WeChatCallbackParser.Parse(WeChatXml.TryParse(xml)!);

        Assert.IsType(expected, parsed);
    }

    [Fact]
    public void QrSubscribeExposesTheSceneAndVoiceItsRecognition()
    {
        var subscribe = (SubscribePushEvent)WeChatCallbackParser.Parse(WeChatXml.TryParse(
            "<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_bind</EventKey></xml>")!)!;
        var voice = (VoiceMessageEvent)WeChatCallbackParser.Parse(WeChatXml.TryParse(
            "<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>voice</MsgType><Recognition>退宿去哪</Recognition><MsgId>5</MsgId></xml>")!)!;

        Assert.Equal("bind", subscribe.Scene);
        Assert.Equal("退宿去哪", voice.Recognition);
    }

    [Fact]
    public void EventsInTheSameSecondKeepDistinctDedupeKeysAndMessagesUseMsgId()
    {
        WeChatCallbackEvent Parse(string body) => WeChatCallbackParser.Parse(WeChatXml.TryParse(
            $"<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1700000000</CreateTime>{body}</xml>")!)!;

        var subscribe = Parse("<MsgType>event</MsgType><Event>subscribe</Event>");
        var click = Parse("<MsgType>event</MsgType><Event>CLICK</Event><EventKey>HELP</EventKey>");
        var otherClick = Parse("<MsgType>event</MsgType><Event>CLICK</Event><EventKey>CONTACT</EventKey>");
        var text = Parse("<MsgType>text</MsgType><Content>x</Content><MsgId>42</MsgId>");

        Assert.Equal(3, new[] { subscribe.DedupeKey, click.DedupeKey, otherClick.DedupeKey }.Distinct().Count());
        Assert.Equal("msg:42", text.DedupeKey);
    }

    [Fact]
    public void NestedFieldsKeepTheirTextAndEntitiesAreDecoded()
    {
        var fields = WeChatXml.TryParse(
            "<?xml version=\"1.0\"?>\n<xml>\n  <ToUserName><![CDATA[gh]]></ToUserName>\n  <Event>scancode_push</Event>\n" +
            "  <ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult>a&amp;b&lt;c</ScanResult></ScanCodeInfo>\n" +
            "  <Content>x<![CDATA[ <y> ]]>z</Content><Empty/><Content>second copy ignored</Content>\n</xml>\n<!-- trailing comment -->")!;

        Assert.Equal("gh", fields["ToUserName"]);
        Assert.Equal("qrcodea&b<c", fields["ScanCodeInfo"]);
        Assert.Equal("x <y> z", fields["Content"]);
        Assert.Equal("", fields["Empty"]);
        Assert.Equal(5, fields.Count);
    }

    [Theory]
    [InlineData("<xml><A>1</A></xml><xml><A>2</A></xml>")]
    [InlineData("<xml><A>1</A></xml>trailing")]
    [InlineData("<xml><A>1</B></xml>")]
    [InlineData("<xml><A><![CDATA[1]]></A>")]
    public void ASecondRootTrailingTextOrAnUnclosedElementIsNull(string xml)
    {
        Assert.Null(WeChatXml.TryParse(xml));
    }

    [Fact]
    public void MissingCommonFieldsIsNotACallback()
    {
        Assert.Null(WeChatCallbackParser.Parse(WeChatXml.TryParse("<xml><MsgType>text</MsgType></xml>")!));
    }

    [Fact]
    public void TextReplyEscapesCDataTerminatorsAndReadsBack()
    {
        var xml = new TextMessageReply("o1", "gh", 12, "a]]>b <c> & 你好\u0001").ToXml();

        var fields = WeChatXml.TryParse(xml)!;
        Assert.Equal("a]]>b <c> & 你好", fields["Content"]);
        Assert.Equal("o1", fields["ToUserName"]);
        Assert.Equal("text", fields["MsgType"]);
    }

    [Fact]
    public void NewsReplyHasOneArticlePerItem()
    {
        var xml = new NewsMessageReply("o1", "gh", 12, [new NewsArticle("退宿", "流程", null, "https://example.edu/a")]).ToXml();

        Assert.Equal("news", WeChatXml.TryParse(xml)!["MsgType"]);
        Assert.Contains("<ArticleCount>1</ArticleCount>", xml);
        Assert.Contains("<Url><![CDATA[https://example.edu/a]]></Url>", xml);
    }

    [Fact]
    public void SplitNeverExceedsTheByteLimitNorBreaksASurrogatePair()
    {
        var text = string.Concat(Enumerable.Repeat("退宿😀a", 700));

        var pieces = WeChatText.SplitUtf8(text, 2048);

        Assert.All(pieces, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= 2048));
        Assert.All(pieces, p => Assert.False(char.IsHighSurrogate(p[^1])));
        Assert.All(pieces, p => Assert.False(char.IsLowSurrogate(p[0])));
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public void SplitPrefersALineBreakNearTheEnd()
    {
        var text = new string('a', 1800) + "\n" + new string('b', 1000);

        var pieces = WeChatText.SplitUtf8(text, 2048);

        Assert.Equal([new string('a', 1800), new string('b', 1000)], pieces);
    }

    [Fact]
    public void CutKeepsShortTextAndCutsLongTextOnACharacterBoundary()
    {
        Assert.Equal("退宿", WeChatText.CutUtf8("退宿"));
        var cut = WeChatText.CutUtf8(new string('退', 1000), 2048);
        Assert.Equal(682, cut.Length);
    }
}
