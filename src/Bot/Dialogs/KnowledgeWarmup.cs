using Clearance.Knowledge;
using Clearance.Knowledge.Answers;

namespace Clearance.Bot.Dialogs;

/// <summary>
/// Answers one question per school once the knowledge base is loaded and before the host reports ready, so the first
/// WeChat message does not pay for jieba's dictionary and the JIT inside its 5-second budget. Run by
/// <see cref="Startup.StartupLoading"/>.
/// </summary>
public sealed partial class KnowledgeWarmup(KnowledgeBase knowledge, AnswerService answers, ILogger<KnowledgeWarmup> logger)
{
    public void Run()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var school in knowledge.Current.Schools.Keys) answers.Ask(school, "离校手续去哪里办");
        LogWarm(logger, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge answers warmed up in {ElapsedMs:0} ms")]
    private static partial void LogWarm(ILogger logger, double elapsedMs);
}
