using Microsoft.Extensions.Options;
using Sacoche.Web.Api;
using Sacoche.ServiceDefaults.Data;
using Sacoche.Web.Auth;
using Sacoche.Web.Infrastructure;

namespace Sacoche.Web.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Sessions and Data Protection keys in the UI's own database: any instance serves any request.
        builder.AddSacocheDbContext<WebDbContext>("webdb");
        builder.AddSharedDataProtection<WebDbContext>("sacoche-web");
        builder.AddWebAuthentication();
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddScoped<UserSession>();
        services.AddHttpClient<SacocheApi>((sp, client) =>
        {
            client.BaseAddress = sp.GetRequiredService<IOptions<WebOptions>>().Value.ApiBase;
            client.Timeout = TimeSpan.FromSeconds(120);
        });
        services.AddRazorComponents().AddInteractiveServerComponents(o => o.DetailedErrors = builder.Environment.IsDevelopment());
        services.AddAntiforgery(o => o.Cookie.Name = "sacoche.web.af");
        return builder;
    }

    /// <summary>Content-Security-Policy of the UI (the gateway adds the other protections).</summary>
    public static IApplicationBuilder UseUiSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.ContentSecurityPolicy =
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self' https: http://localhost:* http://127.0.0.1:*";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
