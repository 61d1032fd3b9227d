using Clearance.Knowledge;
using Clearance.Knowledge.Answers;

namespace Clearance.Bot.Dialogs;

/// <summary>
/// Loads the knowledge base and answers one question per school before the host takes traffic, so the first
/// WeChat message does not pay for jieba's dictionary and the JIT inside its 5-second budget.
/// </summary>
public sealed partial class KnowledgeWarmup(KnowledgeBase knowledge, AnswerService answers, ILogger<KnowledgeWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var school in knowledge.Current.Schools.Keys) answers.Ask(school, "离校手续去哪里办");
        LogWarm(logger, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge answers warmed up in {ElapsedMs:0} ms")]
    private static partial void LogWarm(ILogger logger, double elapsedMs);
}
