using Sacoche.Web.Auth;
using Sacoche.Web.Components;
using Sacoche.Web.Downloads;
using Sacoche.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseForwardedHeaders();
app.UseUiSecurityHeaders();
app.UseExceptionHandler("/erreur", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/introuvable", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseEntryPoints();
app.UseAuthorization();
app.UseAntiforgery();
app.MapDefaultEndpoints();
app.MapStaticAssets();
app.MapAuthEndpoints();
app.MapDownloads();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

public partial class Program;
