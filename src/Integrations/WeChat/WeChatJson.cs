using System.Text.Json.Serialization;
using Clearance.Integrations.WeChat.Mp;
using Clearance.Integrations.WeChat.Work;

namespace Clearance.Integrations.WeChat;

// The platform rejects nulls in some fields (47001), so absent optional fields are left out.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CgibinMessageCustomSendRequest))]
[JsonSerializable(typeof(CgibinMessageTemplateSendRequest))]
[JsonSerializable(typeof(CgibinMessageSubscribeBusinessSendRequest))]
[JsonSerializable(typeof(CgibinMenuCreateRequest))]
[JsonSerializable(typeof(CgibinMessageSendRequest))]
[JsonSerializable(typeof(StableTokenRequest))]
internal sealed partial class WeChatJson : JsonSerializerContext;

/// <summary>The body of <c>POST /cgi-bin/stable_token</c>.</summary>
internal sealed record StableTokenRequest(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("force_refresh")] bool ForceRefresh);
