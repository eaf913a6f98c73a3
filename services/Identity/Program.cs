using Sacoche.Identity.Apis;
using Sacoche.Identity.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddFraming();

var app = builder.Build();
app.UseServiceDefaults();
app.UseRateLimiter();
app.UseAuthentication();
app.UseFramePolicy();
app.UseAuthorization();
app.UseAntiforgery();
app.MapDefaultEndpoints();
app.MapIdentityApi();
app.MapFramingEndpoints();
app.Run();

public partial class Program;
