// The bare app of the start-up benchmark: the default builder, its health checks and one endpoint.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();
var app = builder.Build();
app.MapHealthChecks("/healthz");
app.Run();
