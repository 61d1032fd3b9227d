using Clearance.Bot.Conversation;
using Clearance.Bot.Llm;
using Clearance.Knowledge.Answers;

namespace Clearance.Bot.Dialogs;

/// <summary>The catch-all: answers from the school's guides, resolving follow-ups against the previous topic.</summary>
/// <param name="composer">
/// The optional model (issue 7): registered only when <c>Llm:Endpoint</c> is set, otherwise null and this dialog is
/// purely extractive.
/// </param>
public sealed class KnowledgeDialog(AnswerService answers, GroundedAnswerComposer? composer = null) : IDialog
{
    public const string DialogName = "knowledge";

    public string Name => DialogName;

    public int Priority => int.MaxValue;

    public bool CanStart(TurnContext turn) => true;

    /// <summary>The reply's intent for an answer: <c>knowledge</c> from a guide, else why it was declined.</summary>
    public static Intent IntentOf(Answer answer) => answer.Scope switch
    {
        _ when answer.Answered => Intent.Knowledge,
        QuestionScope.Smalltalk => Intent.Smalltalk,
        QuestionScope.OtherSchool => Intent.OtherSchool,
        _ => Intent.Fallback,
    };

    public async Task<Reply> HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var answer = answers.Ask(turn.Activity.School, turn.Text, turn.State.LastGuideId, turn.State.LastQuestion);
        turn.KnowledgeAnswer = answer;
        // The model only rephrases evidence that passed the gate (no call at all otherwise), and runs before the state
        // below changes because it reads the previous question. Null (no model, over budget, failed, uncited) keeps
        // the extractive answer, and then nothing from the model is ever sent.
        var composition = composer is not null && answer.Answered
            ? await composer.ComposeAsync(turn, answer, cancellationToken)
            : Composition.None;
        var grounded = composition.Reply;
        if (grounded is not null) answer = grounded.Evidence;
        if (answer.Answered && answer.Guide is not null)
        {
            turn.State.LastGuideId = answer.Guide.Id;
            turn.State.LastQuestion = turn.Text;
        }
        // With no topic to follow up, the turn leaves nothing behind (no state entry is stored); a reader of LastIntent
        // sees no binding and no answer to vote on either way.
        turn.State.LastIntent = turn.State.LastGuideId is null ? null : DialogName;
        var reply = new Reply
        {
            Text = answer.Text,
            Answered = answer.Answered,
            Intent = IntentOf(answer),
            Sources = answer.Guide is { } g ? [new ReplySource(g.Id, g.Title, answer.Section)] : [],
            Card = answer.Guide is { } guide ? new WhereToGo(guide.Office, guide.Where, guide.Phone, guide.Hours) : null,
        };
        if (grounded is not null) reply = reply with { Text = grounded.Text, Sources = grounded.Sources };
        // A subscription the model's function made stands even when its text was discarded: say so either way.
        return composition.Changes.Count == 0 ? reply : reply with { Text = composition.Announce(reply.Text) };
    }
}
