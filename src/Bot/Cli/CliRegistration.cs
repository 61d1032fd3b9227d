namespace Clearance.Bot.Cli;

public static class CliRegistration
{
    public static IHostApplicationBuilder AddCli(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ICliVerb, AskVerb>();
        builder.Services.AddSingleton<ICliVerb, IndexVerb>();
        builder.Services.AddSingleton<ICliVerb, EvalVerb>();
        builder.Services.AddSingleton<ICliVerb, KbLintVerb>();
        builder.Services.AddSingleton<ICliVerb, KbImportVerb>();
        builder.Services.AddSingleton<ICliVerb, KbOfficesVerb>();
        builder.Services.AddSingleton<ICliVerb, KbRollVerb>();
        builder.Services.AddSingleton<ICliVerb, TrainRankerVerb>();
        builder.Services.AddSingleton<Evaluation.QuestionSetEvaluator>();
        builder.Services.AddSingleton<Evaluation.RankerTraining>();
        return builder;
    }
}
