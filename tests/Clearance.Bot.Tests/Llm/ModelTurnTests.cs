using Clearance.Integrations.Records;
using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Llm;
using Clearance.Bot.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Clearance.Bot.Tests.Llm;

/// <summary>The model's tools come from the features as <see cref="KernelPlugin"/> services, built per model turn.</summary>
public sealed class ModelTurnTests
{
    [Fact]
    public async Task EachFeatureContributesItsToolsBoundToTheTurnsStudent()
    {
        using var bot = new BotApplication(new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Llm:Model"] = "no-model",
        });
        await using var scope = bot.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ModelTurn>().Begin(new ReminderSubscriber("cqu", "20181234", new ReminderAddress("mp", "demo", "o-1")));

        var plugins = scope.ServiceProvider.GetServices<KernelPlugin>().ToList();

        Assert.Equal([ClearanceStatusPlugin.PluginName, ReminderSubscriptionPlugin.PluginName], plugins.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void APluginResolvedBeforeTheTurnHasAStudentIsABug() =>
        Assert.Throws<InvalidOperationException>(() => new ModelTurn().Student);
}
