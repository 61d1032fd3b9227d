namespace Clearance.Bot.Webhooks;

/// <summary>Reading a callback request: a body capped before it is buffered, and the checks both channels share.</summary>
public static class CallbackRequest
{
    /// <summary>
    /// Reads at most <paramref name="maxBytes"/>; one byte more means too large (413) without reading the rest.
    /// A body shorter than its Content-Length (truncated) is a 400.
    /// </summary>
    public static async Task<(byte[]? Body, CallbackResponse? Refusal)> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge);
        var buffer = new byte[Math.Min(maxBytes + 1, (int?)request.ContentLength + 1 ?? 16 * 1024)];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes) return (null, TooLarge);
                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBytes + 1));
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0) break;
                length += read;
                if (length > maxBytes) return (null, TooLarge);
            }
        }
        catch (BadHttpRequestException e)
        {
            return (null, new CallbackResponse(e.StatusCode, "unreadable body"));
        }
        catch (IOException)
        {
            // The sender reset the connection mid-body; nobody reads this answer, but it is not a server fault.
            return (null, new CallbackResponse(StatusCodes.Status400BadRequest, "body not received"));
        }
        return (buffer[..length], null);
    }

    private static CallbackResponse TooLarge { get; } = new(StatusCodes.Status413PayloadTooLarge, "body too large");

    public static CallbackResponse BadRequest(string why) => new(StatusCodes.Status400BadRequest, why);

    public static CallbackResponse Unauthorized { get; } = new(StatusCodes.Status401Unauthorized, "invalid signature");

    public static CallbackResponse UnknownAccount { get; } = new(StatusCodes.Status404NotFound, "unknown account");

    /// <summary>Authentic but outside the replay window (or for another receiver): refused, not processed.</summary>
    public static CallbackResponse Forbidden(string why) => new(StatusCodes.Status403Forbidden, why);

    /// <summary>True when the signed timestamp is within ± window of our clock.</summary>
    public static bool IsFresh(string timestamp, TimeProvider time, int windowSeconds) =>
        long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
        && Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) <= windowSeconds;

    /// <summary>A query value, or null when missing or empty or repeated.</summary>
    public static string? Query(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
