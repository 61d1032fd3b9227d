namespace Clearance.Bot.Webhooks;

/// <summary>Reading a callback request off HTTP: a body capped before it is buffered, and the query as the readers take it.</summary>
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

    /// <summary>The query's values; one missing, empty or repeated is left out, so it counts as absent.</summary>
    public static IReadOnlyDictionary<string, string> Query(HttpRequest request)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query)
        {
            if (values.Count == 1 && !string.IsNullOrEmpty(values[0])) query[name] = values[0]!;
        }
        return query;
    }
}
