using System.Globalization;

namespace Clearance.Integrations.WeChat;

/// <summary>
/// A decrypted callback: a user message (<c>MsgType</c> text, image, voice…) or an event (<c>MsgType=event</c>).
/// Shared by MP and WeCom (WeCom adds <c>AgentID</c>). Unknown types become <see cref="UnknownCallbackEvent"/>
/// rather than failing, because the platform adds types without notice.
/// </summary>
public abstract record WeChatCallbackEvent
{
    public required string ToUserName { get; init; }
    public required string FromUserName { get; init; }
    public long CreateTime { get; init; }
    public required string MsgType { get; init; }
    /// <summary>64-bit on the wire; kept as text.</summary>
    public string? MsgId { get; init; }
    public string? Event { get; init; }
    public string? EventKey { get; init; }
    public string? AgentId { get; init; }

    /// <summary>
    /// What identifies one delivery across the platform's retries: MsgId for messages; for events the sender, time,
    /// event and key, so a subscribe and a click in the same second stay two turns.
    /// </summary>
    public string DedupeKey => MsgId is { Length: > 0 }
        ? "msg:" + MsgId
        : $"evt:{FromUserName}:{CreateTime.ToString(CultureInfo.InvariantCulture)}:{Event}:{EventKey}";
}

public sealed record TextMessageEvent : WeChatCallbackEvent
{
    public required string Content { get; init; }
}

public sealed record ImageMessageEvent : WeChatCallbackEvent
{
    public string? PicUrl { get; init; }
    public string? MediaId { get; init; }
}

/// <summary><see cref="Recognition"/> is the platform's speech-to-text, present when the account enabled it.</summary>
public sealed record VoiceMessageEvent : WeChatCallbackEvent
{
    public string? MediaId { get; init; }
    public string? Format { get; init; }
    public string? Recognition { get; init; }
}

/// <summary><c>video</c> and <c>shortvideo</c>.</summary>
public sealed record VideoMessageEvent : WeChatCallbackEvent
{
    public string? MediaId { get; init; }
    public string? ThumbMediaId { get; init; }
}

public sealed record LocationMessageEvent : WeChatCallbackEvent
{
    public string? LocationX { get; init; }
    public string? LocationY { get; init; }
    public string? Scale { get; init; }
    public string? Label { get; init; }
}

public sealed record LinkMessageEvent : WeChatCallbackEvent
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }
}

/// <summary>Follow; from a QR code the key is <c>qrscene_&lt;scene&gt;</c> and <see cref="Ticket"/> is set.</summary>
public sealed record SubscribePushEvent : WeChatCallbackEvent
{
    public const string ScenePrefix = "qrscene_";
    public string? Ticket { get; init; }
    public string? Scene => EventKey is { } key && key.StartsWith(ScenePrefix, StringComparison.Ordinal) ? key[ScenePrefix.Length..] : null;
}

public sealed record UnsubscribePushEvent : WeChatCallbackEvent;

/// <summary>A CLICK menu button; <see cref="WeChatCallbackEvent.EventKey"/> is the button's key.</summary>
public sealed record ClickPushEvent : WeChatCallbackEvent;

/// <summary>A VIEW menu button; the key is the target URL.</summary>
public sealed record ViewPushEvent : WeChatCallbackEvent
{
    public string? MenuId { get; init; }
}

/// <summary>An already-following user scanned a parametric QR code; the key is the scene value.</summary>
public sealed record ScanPushEvent : WeChatCallbackEvent
{
    public string? Ticket { get; init; }
}

public sealed record LocationPushEvent : WeChatCallbackEvent
{
    public string? Latitude { get; init; }
    public string? Longitude { get; init; }
    public string? Precision { get; init; }
}

public sealed record UnknownCallbackEvent : WeChatCallbackEvent;

public static class WeChatCallbackParser
{
    /// <summary>Maps parsed fields to a typed event; null when the fields every callback has are missing.</summary>
    public static WeChatCallbackEvent? Parse(WeChatXmlFields f)
    {
        if (f["ToUserName"] is not { Length: > 0 } to || f["FromUserName"] is not { Length: > 0 } from || f["MsgType"] is not { Length: > 0 } msgType)
            return null;
        _ = long.TryParse(f["CreateTime"], NumberStyles.None, CultureInfo.InvariantCulture, out var createTime);
        var msgId = f["MsgId"] ?? f["MsgID"];
        var eventName = f["Event"];
        WeChatCallbackEvent result = msgType switch
        {
            "text" => new TextMessageEvent { ToUserName = to, FromUserName = from, MsgType = msgType, Content = f["Content"] ?? "" },
            "image" => new ImageMessageEvent { ToUserName = to, FromUserName = from, MsgType = msgType, PicUrl = f["PicUrl"], MediaId = f["MediaId"] },
            "voice" => new VoiceMessageEvent
            {
                ToUserName = to, FromUserName = from, MsgType = msgType, MediaId = f["MediaId"], Format = f["Format"], Recognition = f["Recognition"],
            },
            "video" or "shortvideo" => new VideoMessageEvent
            {
                ToUserName = to, FromUserName = from, MsgType = msgType, MediaId = f["MediaId"], ThumbMediaId = f["ThumbMediaId"],
            },
            "location" => new LocationMessageEvent
            {
                ToUserName = to, FromUserName = from, MsgType = msgType,
                LocationX = f["Location_X"], LocationY = f["Location_Y"], Scale = f["Scale"], Label = f["Label"],
            },
            "link" => new LinkMessageEvent
            {
                ToUserName = to, FromUserName = from, MsgType = msgType, Title = f["Title"], Description = f["Description"], Url = f["Url"],
            },
            "event" => ParseEvent(f, to, from, msgType, eventName),
            _ => new UnknownCallbackEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
        };
        return result with
        {
            CreateTime = createTime,
            MsgId = msgType == "event" ? null : msgId,
            Event = eventName,
            EventKey = f["EventKey"],
            AgentId = f["AgentID"],
        };
    }

    // Event names are case-sensitive on the wire (subscribe, CLICK, SCAN) but some SDKs and WeCom differ; compare ignoring case.
    private static WeChatCallbackEvent ParseEvent(WeChatXmlFields f, string to, string from, string msgType, string? eventName) =>
        eventName?.ToLowerInvariant() switch
        {
            "subscribe" => new SubscribePushEvent { ToUserName = to, FromUserName = from, MsgType = msgType, Ticket = f["Ticket"] },
            "unsubscribe" => new UnsubscribePushEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
            "click" => new ClickPushEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
            "view" => new ViewPushEvent { ToUserName = to, FromUserName = from, MsgType = msgType, MenuId = f["MenuId"] },
            "scan" => new ScanPushEvent { ToUserName = to, FromUserName = from, MsgType = msgType, Ticket = f["Ticket"] },
            "location" => new LocationPushEvent
            {
                ToUserName = to, FromUserName = from, MsgType = msgType, Latitude = f["Latitude"], Longitude = f["Longitude"], Precision = f["Precision"],
            },
            _ => new UnknownCallbackEvent { ToUserName = to, FromUserName = from, MsgType = msgType },
        };
}
