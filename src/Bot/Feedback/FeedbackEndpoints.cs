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
        IssuedAnswers answers,
        KnowledgeBase knowledge,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequestBody.ReadAsync(request, MaxBodyBytes, FeedbackJson.Default.FeedbackRequest, "{\"userId\",\"school\",\"answerId\",\"helpful\"}", cancellationToken);
        if (problem is not null) return problem;
        if (Validate(body!, knowledge) is { } invalid) return invalid;
        // The same conversation key as /api/chat uses: the answer id must have been issued to this conversation.
        var conversationKey = $"web:web:{body!.UserId}";
        var answer = await answers.FindAsync(conversationKey, body.AnswerId!, cancellationToken);
        if (answer is null || answer.School != body.School)
            return TypedResults.Problem(
                detail: "answerId is not an answer this conversation was given (or it is more than a day old): vote with the answerId /api/chat returned.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown answer");
        // Guide and question are the server's own record of the answer; the client's copy of the reply is not kept.
        await store.RecordFeedbackAsync(
            new FeedbackVote(answer.School, Channel.Web.Name, conversationKey, answer.GuideId, body.Helpful!.Value, answer.Question, Reply: null),
            cancellationToken);
        return TypedResults.NoContent();
    }

    internal static ProblemHttpResult? Validate(FeedbackRequest body, KnowledgeBase knowledge)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.UserId)) errors["userId"] = ["userId is required."];
        else if (body.UserId.Length > 128) errors["userId"] = ["userId may be at most 128 characters."];
        if (string.IsNullOrWhiteSpace(body.School)) errors["school"] = ["school is required."];
        else if (knowledge.Current.School(body.School) is null) errors["school"] = [$"unknown school '{body.School}'."];
        if (string.IsNullOrWhiteSpace(body.AnswerId)) errors["answerId"] = ["answerId is required: the answerId /api/chat returned with the rated answer."];
        else if (body.AnswerId.Length > 64) errors["answerId"] = ["answerId may be at most 64 characters."];
        if (body.Helpful is null) errors["helpful"] = ["helpful is required: true for 👍, false for 👎."];
        return errors.Count == 0
            ? null
            : TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(errors) { Status = 400, Title = "Invalid feedback" });
    }

}

/// <summary>A vote names the answer by the id <c>/api/chat</c> gave it; anything else a client sends (a reply text) is ignored.</summary>
public sealed record FeedbackRequest(string? UserId, string? School, string? AnswerId, bool? Helpful);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FeedbackRequest))]
internal sealed partial class FeedbackJson : JsonSerializerContext;
