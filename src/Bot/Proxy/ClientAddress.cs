namespace Clearance.Bot.Proxy;

/// <summary>
/// The client's address as limits key on it: the connection's, which <c>UseForwardedHeaders</c> has replaced with the
/// forwarded one only when the request came through a trusted proxy (<see cref="ReverseProxyOptions"/>). IPv4 clients
/// of a dual-stack socket appear as <c>::ffff:a.b.c.d</c>; they are the same client as <c>a.b.c.d</c>.
/// </summary>
public static class ClientAddress
{
    public static string? Of(HttpContext context) => context.Connection.RemoteIpAddress is { } ip
        ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()
        : null;
}
