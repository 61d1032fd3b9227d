using Clearance.Bot.Conversation;
using Clearance.Integrations.Records;

namespace Clearance.Bot.Feedback;

/// <summary>👍 / 👎 on answers and the record of questions the guides miss (issue 8), read by the staff console.</summary>
public static class FeedbackFeature
{
    /// <summary>
    /// Call after the other features' middleware: the question recorder is then the innermost middleware and sees the
    /// reply exactly as the router produced it.
    /// </summary>
    public static IHostApplicationBuilder AddFeedback(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StaffInsightsStore>();
        builder.Services.AddSingleton<IssuedAnswers>();
        builder.Services.AddSingleton<QuestionInsightsBuffer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QuestionInsightsBuffer>());
        builder.Services.AddSingleton<ITurnMiddleware, QuestionInsightsMiddleware>();
        builder.Services.AddSingleton<IDialog, FeedbackDialog>();
        return builder;
    }

    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder app) => app.MapFeedbackEndpoints();
}
