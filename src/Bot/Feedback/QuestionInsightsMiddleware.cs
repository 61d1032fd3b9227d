using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Conversation;
using Clearance.Bot.Dialogs;
using Clearance.Integrations.Records;
using Clearance.Knowledge.Answers;

namespace Clearance.Bot.Feedback;

/// <summary>
/// Records the students' questions the guides did not answer, or answered only narrowly, for staff to improve the
/// guides. It sits innermost, around the router, and looks only at the reply; the knowledge dialog stays untouched.
/// The knowledge dialog leaves its <see cref="Answer"/> on the turn, so score and margin come without a second search;
/// the record itself is buffered (<see cref="QuestionInsightsBuffer"/>), not written on the turn.
/// </summary>
public sealed partial class QuestionInsightsMiddleware(
    AnswerService answers, QuestionInsightsBuffer insights, ILogger<QuestionInsightsMiddleware> logger) : ITurnMiddleware
{
    /// <summary>An answer whose guide stands less than this share above the runner-up nearly went to another guide.</summary>
    public const double LowConfidenceMargin = 0.3;

    public int Order => TurnOrder.QuestionInsights;

    public async Task<Reply> InvokeAsync(TurnContext turn, TurnHandler next, CancellationToken cancellationToken)
    {
        // Read before the dialog moves it on: the knowledge dialog answered against this previous topic.
        var previousGuideId = turn.State.LastGuideId;
        // A turn of the binding dialog is a student id, a name or ID digits, never a question for the guides; the
        // turn right after a binding reply (a lock, a failure) is often the student's next answer to it.
        var binding = turn.State.ActiveDialog == BindingDialog.DialogName || turn.State.LastIntent == BindingDialog.DialogName;
        var reply = await next(turn, cancellationToken);
        if (turn.Activity.Kind != ActivityKind.Message || turn.Text.Length == 0 || !turn.Activity.Channel.IsStudents)
            return reply;
        if (binding || turn.State.ActiveDialog == BindingDialog.DialogName) return reply;

        // A request no guide is for (a poem, the weather) is no gap in the guides: staff would only wade through it.
        var unanswered = reply.Intent == Intent.Fallback && !reply.Answered && turn.KnowledgeAnswer?.Scope is null or QuestionScope.Guides;
        var answeredFromGuides = reply.Intent == Intent.Knowledge && reply.Answered;
        if (!unanswered && !answeredFromGuides) return reply;

        // The dialog's own answer; asked again only if a dialog produced a knowledge reply without recording it.
        var answer = turn.KnowledgeAnswer ?? answers.Ask(turn.Activity.School, turn.Text, previousGuideId);
        string kind;
        string? nearest;
        if (unanswered)
        {
            kind = UnansweredQuestion.Unanswered;
            nearest = answer.Passages.Count > 0 ? answer.Passages[0].Guide.Id : answer.Guide?.Id;
        }
        else
        {
            // A follow-up that stayed with the previous guide has no runner-up worth comparing: it is not a near miss.
            var followUp = answer.Guide is not null && answer.Guide.Id == previousGuideId;
            if (followUp || answer.Margin >= LowConfidenceMargin) return reply;
            kind = UnansweredQuestion.LowConfidence;
            nearest = answer.Guide?.Id;
        }

        insights.Enqueue(turn.Activity.School, turn.Text, kind, nearest, answer.Score, answer.Margin);
        LogRecorded(logger, turn.Activity.School, kind, nearest);
        return reply;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recorded a {Kind} question for {School}, nearest guide {GuideId}")]
    private static partial void LogRecorded(ILogger logger, string school, string kind, string? guideId);

}
