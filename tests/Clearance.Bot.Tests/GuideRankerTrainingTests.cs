using System.Net.Http.Json;
using Clearance.Bot.Chat;
using Clearance.Bot.Cli;
using Clearance.Knowledge.Answers;

namespace Clearance.Bot.Tests;

/// <summary>
/// <c>eval train-ranker</c> end to end: trained on two labelled sets, the file it writes loads, and a service started
/// with it (Knowledge:Ranker) answers through /api/chat with the ranker choosing and gating.
/// </summary>
public sealed class GuideRankerTrainingTests
{
    private static string Set(string file) => Path.Combine(AppContext.BaseDirectory, "eval", file);

    [Fact]
    public async Task ATrainedRankerIsWrittenLoadedAndAnswersThroughTheService()
    {
        string rankerPath;
        using (var trainer = new BotApplication())
        {
            rankerPath = Path.Combine(trainer.DataDirectory, "ranker.json");
            var output = new StringWriter();
            var exit = await CliDispatcher.RunAsync(trainer.Services,
                ["eval", "train-ranker", Set("probe-questions.jsonl"), Set("unseen-questions.jsonl"), Set("dev-questions.jsonl"), "--holdout", "dev", "--out", rankerPath],
                output, CancellationToken.None);

            Assert.True(exit == 0, output.ToString());
            Assert.Contains("| probe |", output.ToString());
            Assert.DoesNotContain("| dev |", output.ToString());
            var ranker = GuideRanker.Load(rankerPath);
            Assert.Equal(["probe", "unseen"], ranker.TrainedOn);

            // Copied out: the trainer's data directory goes with its host.
            var kept = Path.Combine(Path.GetTempPath(), $"clearance-ranker-{Guid.NewGuid():N}.json");
            File.Copy(rankerPath, kept);
            rankerPath = kept;
        }

        try
        {
            // The service decides with the file's trees and threshold: at a threshold no score reaches it declines a
            // question it answers otherwise; at one every score passes it answers, with the guide the trees rank first.
            var trained = File.ReadAllText(rankerPath);
            var never = rankerPath + ".never.json";
            var always = rankerPath + ".always.json";
            File.WriteAllText(never, WithThreshold(trained, 1e9));
            File.WriteAllText(always, WithThreshold(trained, -1e9));
            const string question = "校园卡丢了去哪补办";

            var off = await AskAsync("off", question);
            var declining = await AskAsync(never, question);
            var answering = await AskAsync(always, question);

            Assert.True(off.Answered, off.Reply);
            Assert.False(declining.Answered, declining.Reply);
            Assert.True(answering.Answered, answering.Reply);
            Assert.Contains("补卡", answering.Reply.Split('\n').First(l => l.StartsWith('【')));
            File.Delete(never);
            File.Delete(always);
        }
        finally
        {
            File.Delete(rankerPath);
        }
    }

    private static string WithThreshold(string json, double threshold)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["threshold"] = threshold;
        return node.ToJsonString();
    }

    private static async Task<ChatResponse> AskAsync(string ranker, string question)
    {
        using var host = new BotApplication(new Dictionary<string, string?> { ["Knowledge:Ranker"] = ranker });
        var response = await host.CreateClient().PostAsJsonAsync("/api/chat", new { userId = "ranked", school = "buct", text = question });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ChatResponse>())!;
    }

    [Fact]
    public async Task TrainingWithoutAnOutputFileIsRefusedWithItsUsage()
    {
        using var host = new BotApplication();
        var output = new StringWriter();

        var exit = await CliDispatcher.RunAsync(host.Services, ["eval", "train-ranker", Set("dev-questions.jsonl")], output, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("usage: eval train-ranker", output.ToString());
    }

    [Fact]
    public void AMissingRankerFileStopsTheServiceAtStart()
    {
        using var host = new BotApplication(new Dictionary<string, string?> { ["Knowledge:Ranker"] = Path.Combine(Path.GetTempPath(), $"no-ranker-{Guid.NewGuid():N}.json") });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("Knowledge:Ranker", error.Message);
    }
}
