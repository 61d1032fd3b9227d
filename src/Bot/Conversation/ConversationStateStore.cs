using System.Text.Encodings.Web;
using System.Text.Json;
using Clearance.Integrations.SharedState;

namespace Clearance.Bot.Conversation;

/// <summary>Conversation state kept in the shared state store as JSON, expiring after a quiet spell.</summary>
public sealed class ConversationStateStore(ISharedState sharedState, TimeProvider time)
{
    /// <summary>A follow-up more than half an hour later is a new conversation.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(30);

    public async Task<ConversationState> LoadAsync(string conversationKey, CancellationToken cancellationToken)
    {
        var json = await sharedState.GetAsync(Key(conversationKey), cancellationToken);
        if (json is null) return new ConversationState();
        return JsonSerializer.Deserialize(json, Json.ConversationState) ?? new ConversationState();
    }

    /// <summary>
    /// Longest previous question kept for follow-ups, in characters. A follow-up reads only the topic and a campus
    /// named in it, which come early; the whole of a 500-character question per user was memory for nothing.
    /// </summary>
    public const int MaxStoredQuestionLength = 120;

    /// <summary>Saves the state, or deletes its entry when it holds nothing a later turn reads (<see cref="ConversationState.IsEmpty"/>).</summary>
    public Task SaveAsync(string conversationKey, ConversationState state, CancellationToken cancellationToken)
    {
        if (state.IsEmpty) return ForgetAsync(conversationKey, cancellationToken);
        state.UpdatedAt = time.GetUtcNow();
        state.LastQuestion = Shorten(state.LastQuestion);
        var json = JsonSerializer.Serialize(state, Json.ConversationState);
        return sharedState.SetAsync(Key(conversationKey), json, Expiry, cancellationToken);
    }

    /// <summary>Cut to <see cref="MaxStoredQuestionLength"/>, never between the halves of a surrogate pair (an emoji).</summary>
    public static string? Shorten(string? question)
    {
        if (question is null || question.Length <= MaxStoredQuestionLength) return question;
        var cut = char.IsHighSurrogate(question[MaxStoredQuestionLength - 1]) ? MaxStoredQuestionLength - 1 : MaxStoredQuestionLength;
        return question[..cut];
    }

    // The default encoder writes each CJK character as a six-byte \uXXXX escape: a Chinese question took six times its
    // size. The text goes only to our own store, never into HTML, so the relaxed encoder is safe here.
    private static readonly ConversationJson Json = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public Task ForgetAsync(string conversationKey, CancellationToken cancellationToken) =>
        sharedState.DeleteAsync(Key(conversationKey), cancellationToken);

    private static string Key(string conversationKey) => "conv:" + conversationKey;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(ConversationState))]
internal sealed partial class ConversationJson : System.Text.Json.Serialization.JsonSerializerContext;
