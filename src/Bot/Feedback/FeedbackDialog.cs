using System.Data.Common;
using Clearance.Bot.Conversation;
using Clearance.Bot.Dialogs;
using Microsoft.EntityFrameworkCore;
using Clearance.Integrations.Records;

namespace Clearance.Bot.Feedback;

/// <summary>
/// On WeChat there are no 👍 / 👎 buttons: a reply of exactly "有用" or "没用" right after an answer is the vote on
/// that answer's guide. Priority 60: after binding and status, well before the knowledge catch-all, which would
/// otherwise try to answer "有用" as a question.
/// </summary>
public sealed partial class FeedbackDialog(StaffInsightsStore store, ILogger<FeedbackDialog> logger) : IDialog
{
    public const string DialogName = "feedback";
    public const string Helpful = "有用";
    public const string NotHelpful = "没用";

    public string Name => DialogName;

    public int Priority => 60;

    /// <summary>Only right after an answer (or after a vote, so a changed mind counts): otherwise there is nothing to rate.</summary>
    public bool CanStart(TurnContext turn) =>
        turn.Activity.Kind == ActivityKind.Message
        && turn.Text is Helpful or NotHelpful
        && turn.State.LastGuideId is not null
        && turn.State.LastIntent is KnowledgeDialog.DialogName or DialogName;

    public async Task<Reply> HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var helpful = turn.Text == Helpful;
        var activity = turn.Activity;
        try
        {
            await store.RecordFeedbackAsync(
                new FeedbackVote(activity.School, activity.Channel.Name, activity.ConversationKey, turn.State.LastGuideId, helpful, turn.State.LastQuestion, Reply: null),
                cancellationToken);
        }
        catch (Exception e) when (e is DbException or DbUpdateException || RecordsOutage.Is(e))
        {
            LogVoteFailed(logger, e, activity.School);
        }
        turn.State.LastIntent = DialogName;
        return Reply.Say(
            helpful
                ? "谢谢反馈！很高兴能帮上忙。还有别的问题可以直接问我。"
                : "谢谢反馈，我们会据此改进这条指南。可以换个说法再问一次，或回复“联系我们”找老师。",
            DialogName);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a vote for {School}")]
    private static partial void LogVoteFailed(ILogger logger, Exception exception, string school);
}
