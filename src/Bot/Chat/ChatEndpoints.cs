using System.Text.Json;
using System.Text.Json.Serialization;
using Clearance.Bot.ClientLimits;
using Clearance.Bot.Conversation;
using Clearance.Bot.Feedback;
using Clearance.Bot.WebSessions;
using Clearance.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Chat;

/// <summary><c>POST /api/chat</c>: the web page's (and any test client's) way into the conversation pipeline.</summary>
public static class ChatEndpoints
{
    /// <summary>
    /// Far above any real question, so that an over-long one gets the 400 that says the text is too long: 10,000
    /// characters written as \uXXXX escapes (Python's json.dumps does so by default) take 60 kB.
    /// </summary>
    private const int MaxBodyBytes = 128 * 1024;

    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/chat", PostChat).WithName("Chat").RequirePerClientLimit();
        return app;
    }

    public static async Task<Results<Ok<ChatResponse>, ProblemHttpResult>> PostChat(
        HttpRequest request,
        ConversationPipeline pipeline,
        KnowledgeBase knowledge,
        IOptions<ConversationOptions> options,
        WebSessionStore sessions,
        IssuedAnswers answers,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequestBody.ReadAsync(request, MaxBodyBytes, ChatJson.Default.ChatRequest, "{\"userId\",\"school\",\"text\"}", cancellationToken);
        if (problem is not null) return problem;
        var error = Validate(body!, knowledge, options.Value);
        if (error is not null) return error;
        // Issued before the turn, so the first message of a browser that later binds already has its session.
        var session = await sessions.GetOrIssueAsync(request.HttpContext, cancellationToken);

        var activity = new Activity
        {
            Channel = Channel.Web,
            Account = "web",
            School = body!.School!,
            UserId = body.UserId!,
            Text = body.Text!.Trim(),
            Timestamp = time.GetUtcNow(),
            ClientAddress = Proxy.ClientAddress.Of(request.HttpContext),
            WebSessionKey = session.Key,
        };
        var reply = await pipeline.RunAsync(activity, cancellationToken);
        // Only an answer from the guides can be rated: its id is what a 👍 / 👎 names (POST /api/feedback).
        string? answerId = null;
        if (reply.Answered && reply.Intent == Intent.Knowledge && reply.Sources.Count > 0)
            answerId = await answers.IssueAsync(activity.ConversationKey, new IssuedAnswer(activity.School, reply.Sources[0].Id, activity.Text!), cancellationToken);
        return TypedResults.Ok(ChatResponse.From(reply, answerId));
    }

    private static ProblemHttpResult? Validate(ChatRequest body, KnowledgeBase knowledge, ConversationOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.UserId)) errors["userId"] = ["userId is required."];
        else if (body.UserId.Length > 128) errors["userId"] = ["userId may be at most 128 characters."];
        if (string.IsNullOrWhiteSpace(body.School)) errors["school"] = ["school is required."];
        else if (knowledge.Current.School(body.School) is null)
            errors["school"] = [$"unknown school '{body.School}'; known: {string.Join(", ", knowledge.Current.Schools.Keys)}."];
        if (string.IsNullOrWhiteSpace(body.Text)) errors["text"] = ["text is required and may not be empty."];
        else if (body.Text.Length > options.MaxTextLength) errors["text"] = [$"text may be at most {options.MaxTextLength} characters."];
        return errors.Count == 0
            ? null
            : TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(errors)
            {
                Status = 400,
                Title = "Invalid chat request",
            });
    }

}

public sealed record ChatRequest(string? UserId, string? School, string? Text);

public sealed record ChatResponse(
    string Reply,
    bool Answered,
    string Intent,
    IReadOnlyList<ChatSource> Sources,
    ChatCard? Card,
    IReadOnlyList<string> QuickReplies,
    string? AnswerId = null)
{
    /// <param name="answerId">The id a vote on this answer names; null when there is nothing to rate.</param>
    public static ChatResponse From(Reply reply, string? answerId = null) => new(
        reply.Text,
        reply.Answered,
        reply.Intent.Name,
        [.. reply.Sources.Select(s => new ChatSource(s.Id, s.Title, s.Section))],
        reply.Card is { } c ? new ChatCard(c.Office, c.Where, c.Phone, c.Hours) : null,
        reply.QuickReplies,
        answerId);
}

public sealed record ChatSource(string Id, string Title, string? Section);

public sealed record ChatCard(string? Office, string? Where, IReadOnlyList<string> Phone, string? Hours);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChatRequest))]
internal sealed partial class ChatJson : JsonSerializerContext;
