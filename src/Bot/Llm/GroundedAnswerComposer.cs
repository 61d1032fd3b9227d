using System.Text;
using System.Text.Json;
using Clearance.Bot.Conversation;
using Clearance.Bot.Reminders;
using Clearance.Knowledge;
using Clearance.Knowledge.Answers;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Clearance.Bot.Llm;

/// <summary>A model-composed reply that passed the guardrails: cited text with card and source, and what it cites.</summary>
/// <param name="Evidence">The retrieval the reply rests on (the rewritten question's, when a follow-up was rewritten).</param>
public sealed record GroundedReply(Answer Evidence, string Text, IReadOnlyList<ReplySource> Sources);

/// <summary>What the model's turn came to.</summary>
/// <param name="Reply">The model's reply if it passed the guardrails; null sends the extractive answer.</param>
/// <param name="Changes">
/// What the model's functions changed for the student ("已订阅还贷提醒"). Made even when the reply is then discarded,
/// so the student is told of them whichever answer is sent.
/// </param>
public sealed record Composition(GroundedReply? Reply, IReadOnlyList<string> Changes)
{
    public static Composition None { get; } = new(null, []);

    /// <summary><paramref name="text"/> with the changes it does not already mention in front, within the message size.</summary>
    public string Announce(string text)
    {
        // "已订阅还贷提醒" is mentioned by "已为你订阅还贷提醒" too.
        var missing = Changes.Where(c => !text.Contains(c.TrimStart('已'), StringComparison.Ordinal)).Distinct().ToList();
        if (missing.Count == 0) return text;
        var head = string.Join("；", missing) + "。\n";
        return head + MessageText.Fit(text, MessageText.MaxBytes - MessageText.Bytes(head));
    }
}

/// <summary>
/// Lets the model rephrase what the guides say, never more. It only runs on evidence that already passed the answer
/// gate, sees only the retrieved passages (numbered [1]..[n]) and the asking student's own data, must cite what it
/// says, and has a hard time budget. Whenever any of that fails it returns null and the caller sends the
/// deterministic, extractive answer — which is then the only answer: nothing is delivered late.
/// </summary>
public sealed partial class GroundedAnswerComposer(
    Kernel kernel,
    AnswerService answers,
    KnowledgeBase knowledge,
    IServiceScopeFactory scopes,
    IOptions<LlmOptions> options,
    TimeProvider time,
    ILogger<GroundedAnswerComposer> logger)
{
    /// <summary>A passage longer than this is cut in the prompt: the model needs the facts, not every line, and tokens cost time.</summary>
    private const int MaxPassageChars = 900;
    private const int MaxStandaloneQuestionChars = 120;

    private readonly LlmOptions _options = options.Value;

    public async Task<Composition> ComposeAsync(TurnContext turn, Answer answer, CancellationToken cancellationToken)
    {
        // The gate lives in AnswerService.Ask: without evidence above it the model is never called, so an
        // out-of-scope question gets exactly the answer it gets without a model.
        if (!answer.Answered || answer.Guide is null || answer.Passages.Count == 0) return Composition.None;
        if (ReminderSubscriber.Of(turn) is not { } student)
            return new Composition(await ComposeWithinBudgetAsync(turn, answer, kernel, cancellationToken), []);
        // A scope and a kernel clone per turn: the features' plugins are bound to this turn's student (and, for
        // reminders, conversation), and must not leak into another's turn.
        await using var scope = scopes.CreateAsyncScope();
        var modelTurn = scope.ServiceProvider.GetRequiredService<ModelTurn>();
        modelTurn.Begin(student);
        var turnKernel = kernel.Clone();
        turnKernel.Plugins.AddRange(scope.ServiceProvider.GetServices<KernelPlugin>());
        var reply = await ComposeWithinBudgetAsync(turn, answer, turnKernel, cancellationToken);
        return new Composition(reply, modelTurn.Changes);
    }

    private async Task<GroundedReply?> ComposeWithinBudgetAsync(TurnContext turn, Answer answer, Kernel turnKernel, CancellationToken cancellationToken)
    {

        // One budget for the whole turn's model work (rewrite, tool calls, composition), linked to the request so an
        // abandoned request stops the model too.
        using var budget = new CancellationTokenSource(_options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, cancellationToken);
        var started = time.GetTimestamp();
        try
        {
            // WaitAsync: the budget holds even if something under the connector ignores the token; a result that
            // arrives after it is dropped with the abandoned task, never delivered.
            var reply = await ComposeAndCheckAsync(turn, answer, turnKernel, linked.Token).WaitAsync(linked.Token);
            if (reply is not null) LogComposed(logger, reply.Sources.Count, time.GetElapsedTime(started).TotalMilliseconds);
            return reply;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The budget ran out (or HttpClient's own timeout fired): TaskCanceledException lands here too.
            LogOverBudget(logger, _options.TimeoutMilliseconds);
            return null;
        }
        catch (HttpOperationException e)
        {
            LogModelFailed(logger, (int?)e.StatusCode, e.GetType().Name);
            return null;
        }
        catch (HttpRequestException e)
        {
            LogModelFailed(logger, (int?)e.StatusCode, e.GetType().Name);
            return null;
        }
        catch (JsonException e)
        {
            LogModelFailed(logger, null, e.GetType().Name);
            return null;
        }
        catch (KernelException e)
        {
            // The connector's own complaints about a response it cannot use (no choices, bad tool call shape).
            LogModelFailed(logger, null, e.GetType().Name);
            return null;
        }
    }

    private async Task<GroundedReply?> ComposeAndCheckAsync(TurnContext turn, Answer answer, Kernel turnKernel, CancellationToken cancellationToken)
    {
        var school = knowledge.Current.School(turn.Activity.School);
        if (school is null) return null;

        var question = turn.Text;
        var evidence = answer;
        if (IsFollowUp(turn, answer))
        {
            var standalone = await RewriteAsync(turn.State.LastQuestion!, turn.Text, cancellationToken);
            if (standalone is not null)
            {
                // Retrieval for the standalone question goes through the same gate; a rewrite that finds nothing
                // better leaves the deterministic follow-up resolution as the evidence.
                var again = answers.Ask(turn.Activity.School, standalone, turn.State.LastGuideId);
                if (again.Answered && again.Guide is not null && again.Passages.Count > 0)
                {
                    evidence = again;
                    question = standalone;
                }
            }
        }

        var passages = Numbered(evidence);
        var history = new ChatHistory(GroundingPrompt(school.Profile.Name, passages, turn.StudentId is not null));
        history.AddUserMessage(question);
        var settings = new OpenAIPromptExecutionSettings
        {
            Temperature = 0.2,
            MaxTokens = 600,
            // Tools only for a bound student, and only their own status and reminders: see ComposeAsync.
            FunctionChoiceBehavior = turn.StudentId is not null ? FunctionChoiceBehavior.Auto() : null,
        };
        var chat = turnKernel.GetRequiredService<IChatCompletionService>();
        var message = await chat.GetChatMessageContentAsync(history, settings, turnKernel, cancellationToken);
        LogModelOutput(logger, message.Content);
        // Auto-invoked functions leave their results in the history: the student's own status may back a number
        // (a fee, a count) that no guide states.
        var functionResults = string.Join('\n', history
            .Where(m => m.Role == AuthorRole.Tool)
            .SelectMany(m => m.Items.OfType<FunctionResultContent>())
            .Select(r => r.Result?.ToString()));
        return Check(message.Content, evidence, passages, functionResults, school, turn.Text, question);
    }

    /// <summary>
    /// A follow-up worth rewriting: the student asked before, and the deterministic path kept the previous guide for
    /// this question — so the question leans on the earlier one ("那要带什么?").
    /// </summary>
    private static bool IsFollowUp(TurnContext turn, Answer answer) =>
        turn.State.LastGuideId is { } previous
        && !string.IsNullOrWhiteSpace(turn.State.LastQuestion)
        && answer.Guide?.Id == previous
        && !string.Equals(turn.State.LastQuestion, turn.Text, StringComparison.Ordinal);

    private async Task<string?> RewriteAsync(string previousQuestion, string followUp, CancellationToken cancellationToken)
    {
        var history = new ChatHistory(
            "你负责把学生的追问改写成一个完整、独立的问题，用于检索学校离校办事指南。" +
            "只输出改写后的一个问题，不要回答，不要解释。追问本身已经完整时，原样输出。");
        history.AddUserMessage($"上一个问题：{previousQuestion}\n追问：{followUp}");
        var settings = new OpenAIPromptExecutionSettings { Temperature = 0, MaxTokens = 80 };
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var message = await chat.GetChatMessageContentAsync(history, settings, kernel: null, cancellationToken);
        var standalone = message.Content?.Trim().Trim('"', '“', '”');
        // Anything but one short line is not a question for retrieval; the original then stands.
        if (string.IsNullOrWhiteSpace(standalone) || standalone.Length > MaxStandaloneQuestionChars || standalone.Contains('\n'))
        {
            LogRejected(logger, "rewrite");
            return null;
        }
        return standalone;
    }

    // Sections that share nothing with the question (score 0) only invite the model to wander; the best one always goes.
    private List<Passage> Numbered(Answer evidence) =>
        [.. evidence.Passages.Where((p, i) => i == 0 || p.Score > 0).Take(_options.MaxPassages)];

    internal static string GroundingPrompt(string schoolName, IReadOnlyList<Passage> passages, bool canLookUpStatus)
    {
        var prompt = new StringBuilder()
            .Append("你是").Append(schoolName).Append("的离校办事助手。只根据下面编号的资料回答学生的问题，")
            .Append("不使用资料以外的知识，不编造地点、电话、时间、费用或材料。\n")
            .Append("用简体中文，简洁回答（300字以内）。每句话后用资料编号标注出处，如 [1] 或 [2]。\n")
            .Append("资料里没有答案时，只回答：“指南里没有写这一点。”不要猜。\n")
            .Append("回答之后系统会附上地点、电话、时间和来源，你不必重复。\n");
        if (canLookUpStatus)
        {
            prompt.Append("学生问本人的离校进度时，可以调用 GetMyClearanceStatus 查询，并且仍须引用资料编号。\n");
            prompt.Append("学生明确要求订阅、退订或查看提醒时，可以调用 ReminderSubscription 的函数，并如实说明结果。\n");
        }
        prompt.Append("\n资料：\n");
        for (var i = 0; i < passages.Count; i++)
        {
            var passage = passages[i];
            prompt.Append('[').Append(i + 1).Append("] 《").Append(passage.Guide.Title).Append('》');
            if (passage.Section.Heading.Length > 0) prompt.Append(" — ").Append(passage.Section.Heading);
            var text = passage.Section.Text.Trim();
            prompt.Append('\n').Append(text.Length > MaxPassageChars ? text[..MaxPassageChars] + "…" : text).Append("\n\n");
        }
        return prompt.ToString();
    }

    /// <summary>The guardrails on the model's text; null sends the extractive answer instead.</summary>
    /// <param name="retrievalQuestion">The question the passages were retrieved for (the standalone rewrite of a follow-up).</param>
    private GroundedReply? Check(
        string? content, Answer evidence, IReadOnlyList<Passage> passages, string functionResults, SchoolKnowledge school, string askedQuestion, string retrievalQuestion)
    {
        var guide = evidence.Guide!;
        var card = WhereToGoCard.Render(guide, school.Index.Analyzer.Analyze(askedQuestion).Normalized);
        var source = $"来源：{guide.Title}（{guide.Id}）";
        var tail = (card.Length > 0 ? "\n" + card : "") + "\n" + source;
        var body = MessageText.Fit((content ?? "").Trim(), AnswerService.MaxReplyBytes - MessageText.Bytes(tail));

        var verdict = GroundingCheck.Judge(body, passages, functionResults, TopicOf(school, retrievalQuestion));
        if (verdict.Rejection is { } reason)
        {
            LogRejected(logger, reason);
            return null;
        }
        var sources = verdict.Cited
            .Select(n => passages[n - 1])
            .Select(p => new ReplySource(p.Guide.Id, p.Guide.Title, p.Section.Heading.Length > 0 ? p.Section.Heading : null))
            .Distinct()
            .ToList();
        return new GroundedReply(evidence, body + tail, sources);
    }


    internal static QuestionTopic TopicOf(SchoolKnowledge school, string question)
    {
        var analyzer = school.Index.Analyzer;
        return new QuestionTopic(
            [.. analyzer.Analyze(question).TopicWords.Select(analyzer.Synonyms.CanonicalOf)],
            p => analyzer.PrepareDocument(p.Section.Heading + "\n" + p.Section.Text));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model reply used, citing {Cited} passage(s), after {ElapsedMs:0} ms")]
    private static partial void LogComposed(ILogger logger, int cited, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model over its {BudgetMs} ms budget; the extractive answer was sent")]
    private static partial void LogOverBudget(ILogger logger, int budgetMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model call failed (HTTP {StatusCode}, {Error}); the extractive answer was sent")]
    private static partial void LogModelFailed(ILogger logger, int? statusCode, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model output rejected ({Reason}); the extractive answer was sent")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model output: {Output}")]
    private static partial void LogModelOutput(ILogger logger, string? output);
}
