using System.Security.Cryptography;
using System.Text;
using Clearance.Integrations.SharedState;

namespace Clearance.Bot.Feedback;

/// <summary>What the server answered, as a vote needs it: the school, the guide and the question it answered.</summary>
public sealed record IssuedAnswer(string School, string GuideId, string Question);

/// <summary>
/// The answer ids <c>/api/chat</c> hands out with each answer from the guides, kept in the shared state for a day under
/// the conversation they were issued to. A vote names one of them, and the guide and the question come from here, so a
/// client can neither vote on an answer it was not given nor make new votes by changing the question text it sends.
/// </summary>
public sealed class IssuedAnswers(ISharedState state)
{
    /// <summary>Long enough to rate an answer read later in the day; a vote after that has nothing to name.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public async Task<string> IssueAsync(string conversationKey, IssuedAnswer answer, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await state.SetAsync(Key(conversationKey, id), $"{answer.School}\n{answer.GuideId}\n{answer.Question}", Lifetime, cancellationToken);
        return id;
    }

    /// <summary>Null for an id this conversation was never given (or one that expired).</summary>
    public async Task<IssuedAnswer?> FindAsync(string conversationKey, string answerId, CancellationToken cancellationToken)
    {
        if (answerId.Length != 24 || !answerId.All(char.IsAsciiHexDigitLower)) return null;
        if (await state.GetAsync(Key(conversationKey, answerId), cancellationToken) is not { } stored) return null;
        var parts = stored.Split('\n', 3);
        return parts.Length == 3 ? new IssuedAnswer(parts[0], parts[1], parts[2]) : null;
    }

    /// <summary>The conversation hashed: the shared state never holds a web user id next to what they asked.</summary>
    private static string Key(string conversationKey, string answerId) =>
        $"answer:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conversationKey)).AsSpan(0, 12))}:{answerId}";
}
