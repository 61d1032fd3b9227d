using Clearance.Bot.Conversation;
using Clearance.Integrations.Records;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>A student who left must not stay bound to that openid or userid: the conversation's binding goes.</summary>
public sealed partial class BindingCleanup(BindingStore records, ILogger<BindingCleanup> logger) : IUserLeftCleanup
{
    public async Task ForgetAsync(Activity activity, CancellationToken cancellationToken)
    {
        var binding = activity.PersonalKey is { } key ? await records.UnbindConversationAsync(key, cancellationToken) : null;
        LogUnbound(logger, activity.Channel.Name, activity.Account, binding is not null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel}/{Account}: user left; binding removed={HadBinding}")]
    private static partial void LogUnbound(ILogger logger, string channel, string account, bool hadBinding);
}
