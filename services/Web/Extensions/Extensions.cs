using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Http;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.ServiceDefaults.Security;
using Sacoche.Web.Api;
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
        // Identity's revocations (SessionsRevoked) end the matching UI sessions.
        builder.AddSacocheConsumers("web", typeof(Extensions).Assembly);
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddScoped<UserSession>();
        builder.AddUploadLimit();
#pragma warning disable EXTEXP0001 // replaces the default handler: uploads are streamed, so never retried, and may take minutes.
        services.AddHttpClient<ApiClient>((sp, client) =>
        {
            client.BaseAddress = sp.GetRequiredService<IOptions<WebOptions>>().Value.ApiBase;
            client.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler's timeouts below
        }).RemoveAllResilienceHandlers().AddStandardResilienceHandler(o =>
        {
            o.Retry.DisableForUnsafeHttpMethods();
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(120);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(300);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(240);
        });
#pragma warning restore EXTEXP0001
        services.AddScoped<IdentityClient>();
        services.AddScoped<ImportClient>();
        services.AddScoped<CompetencesClient>();
        services.AddFrameOrigins(builder.Configuration);
        services.AddRazorComponents().AddInteractiveServerComponents(o => o.DetailedErrors = builder.Environment.IsDevelopment());
        services.AddAntiforgery(o => o.Cookie.Name = "sacoche.web.af");
        return builder;
    }

    /// <summary>The UI's Content-Security-Policy, frame-ancestors aside.</summary>
    public const string UiDirectives = FramePolicy.PageDirectives + "; connect-src 'self'";

    /// <summary>
    /// Where Identity answers <c>/sso/frame-origin</c>: <c>Web:IdentityUrl</c>, else Identity by service
    /// discovery (as the gateway reaches it).
    /// </summary>
    public static IServiceCollection AddFrameOrigins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMemoryCache();
#pragma warning disable EXTEXP0001 // a header lookup waits 2 s at most, once: no retries.
        services.AddHttpClient<FrameOrigins>(FrameOrigins.HttpClientName, client =>
        {
            client.BaseAddress = new Uri((configuration["Web:IdentityUrl"] is { Length: > 0 } url ? url : "http://identity").TrimEnd('/') + "/");
            client.Timeout = FrameOrigins.Timeout;
        }).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return services;
    }

    /// <summary>
    /// Content-Security-Policy of the UI (the gateway adds the other protections). A signed-in user's
    /// pages may be framed by their establishment's ENT (ENT portals open Sacoche in a frame), every
    /// other page only by Sacoche itself; any other site never.
    /// </summary>
    public static IApplicationBuilder UseUiSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(async () =>
        {
            // The user is known by now: authentication runs later in the pipeline, before the answer starts.
            var origin = context.User.BaseOf() is { } baseId
                ? await context.RequestServices.GetRequiredService<FrameOrigins>().OriginAsync(baseId, context.RequestAborted)
                : null;
            FramePolicy.Apply(context.Response.Headers, UiDirectives, origin);
        });
        return next(context);
    });
}
