using System.Text.Json.Serialization;

namespace Clearance.Integrations.WeChat.Work;

/// <summary><c>POST /cgi-bin/message/send</c>: an app message (text or textcard) to members.</summary>
public sealed record CgibinMessageSendRequest
{
    /// <summary>Member userids separated by '|'.</summary>
    [JsonPropertyName("touser")] public required string ToUser { get; init; }
    [JsonPropertyName("msgtype")] public required string MsgType { get; init; }
    [JsonPropertyName("agentid")] public int AgentId { get; init; }
    [JsonPropertyName("text")] public WorkTextContent? Text { get; init; }
    [JsonPropertyName("textcard")] public WorkTextCard? TextCard { get; init; }
    /// <summary>Suppresses an identical message within <see cref="DuplicateCheckInterval"/> seconds.</summary>
    [JsonPropertyName("enable_duplicate_check")] public int? EnableDuplicateCheck { get; init; }
    [JsonPropertyName("duplicate_check_interval")] public int? DuplicateCheckInterval { get; init; }
}

public sealed record WorkTextContent([property: JsonPropertyName("content")] string Content);

/// <summary>A card with a title, a description (a little HTML: &lt;div class="gray"&gt;…), a link and a button text.</summary>
public sealed record WorkTextCard(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("btntxt")] string? ButtonText = null);
