using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Conversation;
using Clearance.Bot.Feedback;
using Clearance.Integrations.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Feedback;

/// <summary>
/// What the missed-question log keeps: gaps in the guides, masked, and never what a student typed while binding
/// (student id, name, ID digits). The reply is a fallback in each case, which is what gets a turn recorded.
/// </summary>
public sealed class QuestionInsightsTests : IDisposable
{
    private readonly BotApplication _bot = new();

    public void Dispose() => _bot.Dispose();

    private async Task<IReadOnlyList<UnansweredQuestion>> RecordedAfterAsync(ConversationState state, string text, Action<TurnContext>? dialog = null)
    {
        var services = _bot.Services;
        var middleware = services.GetRequiredService<ConversationPipeline>().Middleware.OfType<QuestionInsightsMiddleware>().Single();
        var turn = new TurnContext(new Activity
        {
            Channel = Channel.Mp, Account = "demo", School = "cqu", UserId = "o-" + Guid.NewGuid().ToString("N"), Text = text, Timestamp = DateTimeOffset.UtcNow,
        }, state);

        await middleware.InvokeAsync(turn, (t, _) =>
        {
            dialog?.Invoke(t);
            return Task.FromResult(Reply.Say("没有找到相关说明，请联系学院。", Intent.Fallback, answered: false));
        }, CancellationToken.None);
        await services.GetRequiredService<QuestionInsightsBuffer>().FlushAsync(CancellationToken.None);
        return await services.GetRequiredService<StaffInsightsStore>().QuestionsAsync("cqu", 100, CancellationToken.None);
    }

    [Fact]
    public async Task AnUnansweredQuestionIsRecordedWithoutTheStudentsPersonalData()
    {
        var recorded = await RecordedAfterAsync(new ConversationState(), "我叫周四 身份证尾号44444X 手机138-1234-5678 毕业证丢了怎么补");

        var question = Assert.Single(recorded);
        Assert.Contains("毕业证丢了怎么补", question.Text);
        Assert.DoesNotContain("周四", question.Text);
        Assert.DoesNotContain("44444", question.Text);
        Assert.DoesNotContain("1234", question.Text);
    }

    [Fact]
    public async Task ATurnWhileTheBindingDialogIsActiveIsNotRecorded()
    {
        var state = new ConversationState { ActiveDialog = BindingDialog.DialogName };

        Assert.Empty(await RecordedAfterAsync(state, "周四"));
    }

    [Fact]
    public async Task ATurnThatStartsTheBindingDialogIsNotRecorded()
    {
        Assert.Empty(await RecordedAfterAsync(new ConversationState(), "周四 20181234", t => t.State.ActiveDialog = BindingDialog.DialogName));
    }

    [Fact]
    public async Task TheTurnRightAfterABindingReplyIsNotRecorded()
    {
        // Binding locked and the dialog left: what the student types next is still their answer to it (a name).
        var state = new ConversationState { LastIntent = BindingDialog.DialogName };

        Assert.Empty(await RecordedAfterAsync(state, "周四"));
    }
}
