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
        return JsonSerializer.Deserialize(json, ConversationJson.Default.ConversationState) ?? new ConversationState();
    }

    public Task SaveAsync(string conversationKey, ConversationState state, CancellationToken cancellationToken)
    {
        state.UpdatedAt = time.GetUtcNow();
        var json = JsonSerializer.Serialize(state, ConversationJson.Default.ConversationState);
        return sharedState.SetAsync(Key(conversationKey), json, Expiry, cancellationToken);
    }

    public Task ForgetAsync(string conversationKey, CancellationToken cancellationToken) =>
        sharedState.DeleteAsync(Key(conversationKey), cancellationToken);

    private static string Key(string conversationKey) => "conv:" + conversationKey;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(ConversationState))]
internal sealed partial class ConversationJson : System.Text.Json.Serialization.JsonSerializerContext;
