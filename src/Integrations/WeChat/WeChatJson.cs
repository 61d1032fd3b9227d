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
internal sealed partial class WeChatJson : JsonSerializerContext;
