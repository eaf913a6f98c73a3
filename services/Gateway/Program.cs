using Sacoche.Gateway.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.MapAggregatedHealth();
app.MapGet("/alive", () => Results.Ok());
app.MapReverseProxy(proxy => proxy.UseUploadLimitProblem());
app.Run();

public partial class Program;
