using System.Text.Json.Serialization;

namespace Clearance.Integrations.WeChat;

/// <summary><c>POST /cgi-bin/menu/create</c> body; the same shape for MP and WeCom (WeCom adds <c>agentid</c> in the query).</summary>
public sealed record CgibinMenuCreateRequest(
    [property: JsonPropertyName("button")] IReadOnlyList<CgibinMenuButton> Button)
{
    public static CgibinMenuCreateRequest From(IReadOnlyList<MenuButtonOptions> menu) =>
        new([.. menu.Select(ToButton)]);

    private static CgibinMenuButton ToButton(MenuButtonOptions b) => b.SubButtons is { Count: > 0 } subs
        ? new CgibinMenuButton(null, b.Name, null, null, [.. subs.Select(ToButton)])
        : new CgibinMenuButton(b.Type?.ToLowerInvariant(), b.Name, b.Key, b.Url, null);
}

public sealed record CgibinMenuButton(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("sub_button")] IReadOnlyList<CgibinMenuButton>? SubButton);
