using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Clearance.Bot.Chat;

/// <summary>
/// Reads a small JSON body with a size cap, turning every client mistake (too large, empty, not JSON, not an object)
/// into a ProblemDetails answer instead of an exception.
/// </summary>
public static class JsonRequestBody
{
    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, int maxBytes, JsonTypeInfo<T> type, string expectedShape, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) return (null, TooLarge(maxBytes));
        }
        if (buffer.Length == 0) return (null, Problem(400, "Empty body", $"Send {expectedShape} as JSON."));
        try
        {
            var body = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return body is null ? (null, Problem(400, "Invalid JSON", "The body must be a JSON object.")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, Problem(400, "Invalid JSON", $"The body is not valid JSON: {e.Message}"));
        }
    }

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The body may be at most {maxBytes} bytes.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
