using Clearance.Bot;
using Clearance.Bot.Cli;
using Clearance.Integrations;
using Clearance.Knowledge;

var builder = WebApplication.CreateBuilder(args);
if (CliDispatcher.IsCliInvocation(args))
{
    // A CLI verb prints its result on stdout; the host's own chatter stays out of it.
    builder.Configuration["Logging:LogLevel:Default"] = "Warning";
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}
builder.UseLocalDefaultUnlessConfigured();
builder.AddKnowledge();
builder.AddIntegrations();
builder.AddBot();

var app = builder.Build();
app.MapBot();

if (CliDispatcher.IsCliInvocation(args))
    return await CliDispatcher.RunAsync(app.Services, args, Console.Out, app.Lifetime.ApplicationStopping, Console.Error);

await app.RunAsync();
return 0;

public partial class Program;
