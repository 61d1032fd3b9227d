using Clearance.Bot.Conversation;

namespace Clearance.Bot.Cli;

/// <summary><c>ask --school cqu "退宿去哪里办"</c>: one turn through the same pipeline as every channel.</summary>
public sealed class AskVerb(ConversationPipeline pipeline, Clearance.Knowledge.Answers.AnswerService answers, TimeProvider time) : ICliVerb
{
    public string Name => "ask";

    public string Usage => "ask --school <id> \"question\" [--explain]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, positional) = CliDispatcher.Parse(args);
        if (!options.TryGetValue("school", out var school) || positional.Count == 0)
        {
            await output.WriteLineAsync("usage: " + Usage);
            return 2;
        }
        if (options.ContainsKey("explain"))
            await output.WriteLineAsync(answers.Explain(school, string.Join(' ', positional)));
        var reply = await pipeline.RunAsync(new Activity
        {
            Channel = Channel.Cli,
            Account = "cli",
            School = school,
            UserId = "cli",
            Text = string.Join(' ', positional),
            Timestamp = time.GetUtcNow(),
        }, cancellationToken);
        await output.WriteLineAsync(reply.Text);
        return reply.Answered ? 0 : 1;
    }
}
