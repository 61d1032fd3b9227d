using Clearance.Bot.Chat;
using Clearance.Bot.ClientLimits;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearance.Bot.Conversation;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Feedback;

/// <summary><c>POST /api/feedback</c>: the web page's 👍 / 👎 on one answer. Bad input → 400 problem+json.</summary>
public static class FeedbackEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/feedback", PostFeedback).WithName("PostFeedback").RequirePerClientLimit();
        return app;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> PostFeedback(
        HttpRequest request,
        StaffInsightsStore store,
        KnowledgeBase knowledge,
        IOptions<ConversationOptions> conversation,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequestBody.ReadAsync(request, MaxBodyBytes, FeedbackJson.Default.FeedbackRequest, "{\"userId\",\"school\",\"question\",\"reply\",\"helpful\",\"guideId\"}", cancellationToken);
        if (problem is not null) return problem;
        if (Validate(body!, knowledge, conversation.Value) is { } invalid) return invalid;
        // The same conversation key as /api/chat uses, so a vote hashes to the same voter as the chat turns.
        var conversationKey = $"web:web:{body!.UserId}";
        await store.RecordFeedbackAsync(
            new FeedbackVote(body.School!, Channel.Web.Name, conversationKey, body.GuideId, body.Helpful!.Value, body.Question!.Trim(), body.Reply),
            cancellationToken);
        return TypedResults.NoContent();
    }

    internal static ProblemHttpResult? Validate(FeedbackRequest body, KnowledgeBase knowledge, ConversationOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.UserId)) errors["userId"] = ["userId is required."];
        else if (body.UserId.Length > 128) errors["userId"] = ["userId may be at most 128 characters."];
        if (string.IsNullOrWhiteSpace(body.School)) errors["school"] = ["school is required."];
        else if (knowledge.Current.School(body.School) is null) errors["school"] = [$"unknown school '{body.School}'."];
        if (string.IsNullOrWhiteSpace(body.Question)) errors["question"] = ["question is required: the question the rated answer answered."];
        else if (body.Question.Length > options.MaxTextLength) errors["question"] = [$"question may be at most {options.MaxTextLength} characters."];
        if (body.Reply is { Length: > StaffInsightsStore.MaxReplyLength }) errors["reply"] = [$"reply may be at most {StaffInsightsStore.MaxReplyLength} characters."];
        if (body.Helpful is null) errors["helpful"] = ["helpful is required: true for 👍, false for 👎."];
        // Guide ids are school/slug; a guide may since have been removed by a reload, so only the shape is checked.
        if (body.GuideId is { } guideId && body.School is { } school
            && (guideId.Length > 128 || !guideId.StartsWith(school + "/", StringComparison.Ordinal)))
            errors["guideId"] = [$"guideId must be one of {school}'s guide ids (\"{school}/…\")."];
        return errors.Count == 0
            ? null
            : TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(errors) { Status = 400, Title = "Invalid feedback" });
    }

}

public sealed record FeedbackRequest(string? UserId, string? School, string? Question, string? Reply, bool? Helpful, string? GuideId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FeedbackRequest))]
internal sealed partial class FeedbackJson : JsonSerializerContext;
