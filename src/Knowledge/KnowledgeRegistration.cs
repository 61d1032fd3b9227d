using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Clearance.Knowledge;

public static class KnowledgeRegistration
{
    /// <summary>The one entry point of this project: the knowledge base, its search and answer composition.</summary>
    public static IHostApplicationBuilder AddKnowledge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KnowledgeOptions>()
            .BindConfiguration(KnowledgeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>();
        builder.Services.AddSingleton<KnowledgeBase>();
        builder.Services.AddSingleton(sp => new Answers.AnswerService(sp.GetRequiredService<KnowledgeBase>(), sp.GetService<TimeProvider>())
        {
            Ranker = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<KnowledgeOptions>>().Value.ResolveRanker(),
        });
        builder.Services.AddSingleton<Authoring.KnowledgeLint>();
        return builder;
    }
}
