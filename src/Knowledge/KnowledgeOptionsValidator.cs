using Microsoft.Extensions.Options;

namespace Clearance.Knowledge;

/// <summary>
/// A ranker file that is missing or was trained on other features is refused at start, where the operator sees it,
/// instead of failing the first student's question.
/// </summary>
internal sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        try
        {
            options.ResolveRanker();
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
        {
            return ValidateOptionsResult.Fail($"Knowledge:Ranker '{options.Ranker}' cannot be loaded: {e.Message}");
        }
    }
}
