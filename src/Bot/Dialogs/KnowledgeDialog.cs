using Clearance.Bot.Conversation;
using Clearance.Knowledge.Answers;

namespace Clearance.Bot.Dialogs;

/// <summary>The catch-all: answers from the school's guides, resolving follow-ups against the previous topic.</summary>
public sealed class KnowledgeDialog(AnswerService answers) : IDialog
{
    public const string DialogName = "knowledge";

    public string Name => DialogName;

    public int Priority => int.MaxValue;

    public bool CanStart(TurnContext turn) => true;

    public Task<Reply> HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var answer = answers.Ask(turn.Activity.School, turn.Text, turn.State.LastGuideId);
        if (answer.Answered && answer.Guide is not null)
        {
            turn.State.LastGuideId = answer.Guide.Id;
            turn.State.LastQuestion = turn.Text;
        }
        turn.State.LastIntent = DialogName;
        var reply = new Reply
        {
            Text = answer.Text,
            Answered = answer.Answered,
            Intent = answer.Answered ? DialogName : "fallback",
            Sources = answer.Guide is { } g ? [new ReplySource(g.Id, g.Title, answer.Section)] : [],
            Card = answer.Guide is { } guide ? new WhereToGo(guide.Office, guide.Where, guide.Phone, guide.Hours) : null,
        };
        return Task.FromResult(reply);
    }
}
