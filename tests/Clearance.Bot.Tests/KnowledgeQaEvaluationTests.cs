using System.Net.Http.Json;
using System.Text;
using Clearance.Bot.Chat;
using Clearance.Bot.Evaluation;

namespace Clearance.Bot.Tests;

/// <summary>
/// The development question set through real HTTP on /api/chat, scored as eval/README.md says: a regression floor of
/// 0.95 in-scope and 0.95 out-of-scope.
/// </summary>
public sealed class KnowledgeQaEvaluationTests : IClassFixture<KnowledgeQaEvaluationTests.App>
{
    public sealed class App : IDisposable
    {
        public BotApplication Host { get; } = new();
        public void Dispose() => Host.Dispose();
    }

    private readonly HttpClient _client;

    public KnowledgeQaEvaluationTests(App app) => _client = app.Host.CreateClient();

    [Theory]
    [InlineData("dev-questions.jsonl", 0.95, 0.95)]
    [InlineData("probe-questions.jsonl", 0.85, 0.9)]
    public async Task QuestionSetScoresAtLeastTheFloor(string file, double inScopeFloor, double outOfScopeFloor)
    {
        var items = QuestionSetEvaluator.ReadJsonLines(Path.Combine(AppContext.BaseDirectory, "eval", file));
        var turns = new List<TurnResult>();
        foreach (var item in items)
        {
            var userId = "eval-" + item.Id;
            for (var i = 0; i < item.Turns.Count; i++)
            {
                var turn = item.Turns[i];
                var response = await _client.PostAsJsonAsync("/api/chat", new { userId, school = item.School, text = turn.Q });
                response.EnsureSuccessStatusCode();
                var chat = (await response.Content.ReadFromJsonAsync<ChatResponse>())!;
                var folded = QuestionSetEvaluator.Fold(chat.Reply);
                var missing = turn.Must.Where(m => !folded.Contains(QuestionSetEvaluator.Fold(m), StringComparison.Ordinal))
                    .Concat(turn.Any.Where(g => !g.Any(a => folded.Contains(QuestionSetEvaluator.Fold(a), StringComparison.Ordinal))).Select(g => string.Join("|", g)))
                    .ToList();
                var outOfScope = item.Kind == "out-of-scope";
                var passed = outOfScope
                    ? !chat.Answered
                    : chat.Answered && missing.Count == 0 && Encoding.UTF8.GetByteCount(chat.Reply) <= 2048;
                turns.Add(new TurnResult(item.Id, i, item.School, item.Kind, turn.Q, outOfScope, passed, chat.Answered, missing, chat.Reply));
            }
        }
        var report = new EvaluationReport(turns);
        var failures = string.Join("\n", turns.Where(t => !t.Passed).Select(t => $"{t.ItemId}#{t.Turn} {t.Question} answered={t.Answered} missing={string.Join(",", t.Missing)}"));

        Assert.True(report.InScope >= inScopeFloor, $"{report.Summary()}\n{failures}");
        Assert.True(report.OutOfScope >= outOfScopeFloor, $"{report.Summary()}\n{failures}");
    }
}
