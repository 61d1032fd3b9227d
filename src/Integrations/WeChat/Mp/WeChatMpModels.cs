using System.Text.Json.Serialization;

namespace Clearance.Integrations.WeChat.Mp;

/// <summary><c>POST /cgi-bin/message/custom/send</c>: a customer-service message inside the user's 48-hour window.</summary>
public sealed record CgibinMessageCustomSendRequest
{
    [JsonPropertyName("touser")] public required string ToUser { get; init; }
    [JsonPropertyName("msgtype")] public required string MsgType { get; init; }
    [JsonPropertyName("text")] public CustomTextContent? Text { get; init; }
    [JsonPropertyName("news")] public CustomNewsContent? News { get; init; }

    public static CgibinMessageCustomSendRequest ForText(string openId, string content) =>
        new() { ToUser = openId, MsgType = "text", Text = new CustomTextContent(content) };
}

public sealed record CustomTextContent([property: JsonPropertyName("content")] string Content);

public sealed record CustomNewsContent([property: JsonPropertyName("articles")] IReadOnlyList<CustomNewsArticle> Articles);

public sealed record CustomNewsArticle(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("picurl")] string? PicUrl);

/// <summary><c>POST /cgi-bin/message/template/send</c>. <see cref="ClientMsgId"/> makes a resend within 10 minutes a no-op.</summary>
public sealed record CgibinMessageTemplateSendRequest
{
    [JsonPropertyName("touser")] public required string ToUser { get; init; }
    [JsonPropertyName("template_id")] public required string TemplateId { get; init; }
    [JsonPropertyName("url")] public string? Url { get; init; }
    [JsonPropertyName("miniprogram")] public MiniProgramTarget? MiniProgram { get; init; }
    [JsonPropertyName("client_msg_id")] public string? ClientMsgId { get; init; }
    [JsonPropertyName("data")] public required IReadOnlyDictionary<string, TemplateDataValue> Data { get; init; }
}

/// <summary><c>POST /cgi-bin/message/subscribe/bizsend</c> (the MP API, not the mini-program's <c>subscribe/send</c>).</summary>
public sealed record CgibinMessageSubscribeBusinessSendRequest
{
    [JsonPropertyName("touser")] public required string ToUser { get; init; }
    [JsonPropertyName("template_id")] public required string TemplateId { get; init; }
    [JsonPropertyName("page")] public string? Page { get; init; }
    [JsonPropertyName("miniprogram")] public MiniProgramTarget? MiniProgram { get; init; }
    [JsonPropertyName("data")] public required IReadOnlyDictionary<string, TemplateDataValue> Data { get; init; }
}

public sealed record MiniProgramTarget(
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("pagepath")] string? PagePath);

public sealed record TemplateDataValue([property: JsonPropertyName("value")] string Value);
