using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Sacoche.Identity.Application.Framing;
using Sacoche.Identity.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Apis;

/// <summary>Identity's answer to <c>GET /sso/frame-origin?base=N</c>: the ENT origin allowed to frame that establishment's pages, or null.</summary>
public sealed record FrameOriginResponse(string? Origin);

/// <summary>
/// Sacoche inside an ENT frame (<see cref="FramePolicy"/>): the establishment's ENT may frame Identity's
/// pages, the other services ask Identity which origin that is, and a frame where the sign-in cannot
/// complete says so instead of looping.
/// <para>
/// Why it cannot complete: the session cookies are <c>SameSite=Lax</c>. Inside a frame of another site
/// (the ENT's portal) the browser neither keeps nor sends them, so the sign-in started there never
/// sticks. A new tab (a top-level page) is the way out: the pages show « Ouvrir Sacoche dans un nouvel
/// onglet » when framed (<see cref="Script"/>).
/// </para>
/// </summary>
public static class FramingEndpoints
{
    /// <summary>Set by a framed <c>/sso/start</c> to find out whether this frame keeps cookies.</summary>
    public const string ProbeCookie = "sacoche.frame";
    public const string ProbeParameter = "framecheck";

    public static IServiceCollection AddFraming(this IServiceCollection services)
    {
        services.AddSingleton<FrameOrigins>();
        services.ConfigureDbContext<IdentityDbContext>((sp, o) => o.AddInterceptors(new EstablishmentChangesInterceptor(sp.GetRequiredService<FrameOrigins>())));
        return services;
    }

    public static IEndpointRouteBuilder MapFramingEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous: what it tells is no secret (the ENT link of an establishment redirects to that ENT anyway).
        app.MapGet("/sso/frame-origin", FrameOriginAsync)
            .WithName("GetFrameOrigin").WithSummary("The ENT origin allowed to frame an establishment's pages, or null.");
        app.MapGet("/sso/frame.js", FrameScript)
            .WithName("GetFrameScript").WithSummary("The script showing « Ouvrir Sacoche dans un nouvel onglet » in a frame.");
        return app;
    }

    private static async Task<IResult> FrameOriginAsync(string? @base, FrameOrigins origins, CancellationToken ct) =>
        TypedResults.Ok(new FrameOriginResponse(await origins.OriginAsync(@base, ct)));

    private static IResult FrameScript(HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Text(Script, "text/javascript; charset=utf-8");
    }

    /// <summary>
    /// Identity's HTML pages: Content-Security-Policy and X-Frame-Options by <see cref="FramePolicy"/>, the ENT
    /// of the page's establishment allowed (query or form <c>base</c>, else the session's). Other answers keep
    /// the gateway's defaults (no framing). A framed <c>/sso/start</c> first checks that the frame keeps cookies.
    /// </summary>
    public static IApplicationBuilder UseFramePolicy(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() => ApplyHeadersAsync(context));
        if (IsFramedEntry(context.Request) && !context.Request.Cookies.ContainsKey(ProbeCookie))
        {
            await ProbeAsync(context);
            return;
        }
        await next(context);
    });

    private static async Task ApplyHeadersAsync(HttpContext context)
    {
        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != true)
        {
            return;
        }
        string? origin = null;
        if (EstablishmentKey(context) is { } key)
        {
            try
            {
                origin = await context.RequestServices.GetRequiredService<FrameOrigins>().OriginAsync(key, context.RequestAborted);
            }
            catch (Exception ex)
            {
                // Never a broken page: only Sacoche may frame it then.
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FramingEndpoints))
                    .LogWarning("ENT frame origin unavailable ({Error}): only Sacoche may frame this page", ex.GetType().Name);
            }
        }
        FramePolicy.Apply(context.Response.Headers, FramePolicy.PageDirectives, origin);
    }

    /// <summary>The establishment a page belongs to: its <c>base</c> (query, or the posted form), else the signed-in session's.</summary>
    private static string? EstablishmentKey(HttpContext context)
    {
        var query = context.Request.Query;
        foreach (var name in new[] { "base", "sso", "uai" })
        {
            if (query[name].ToString() is { Length: > 0 } value)
            {
                return value;
            }
        }
        // Only a form the endpoint has already read (no I/O here).
        if (context.Features.Get<IFormFeature>()?.Form?["base"].ToString() is { Length: > 0 } posted)
        {
            return posted;
        }
        return context.User.FindFirstValue("base");
    }

    /// <summary>A frame (not a tab) opening the ENT entry: <c>Sec-Fetch-Dest</c> says so in current browsers.</summary>
    private static bool IsFramedEntry(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Equals("/sso/start", StringComparison.OrdinalIgnoreCase)
        && request.Headers["Sec-Fetch-Dest"].ToString() is "iframe" or "frame";

    /// <summary>
    /// Without the check a cross-site frame loops: CAS signs the user in, the session cookie is dropped,
    /// authorize sends them to CAS again… So: set a cookie and come back; kept (a same-site ENT), the
    /// sign-in goes on in the frame; dropped, the page offers a new tab instead.
    /// </summary>
    private static Task ProbeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Query.ContainsKey(ProbeParameter))
        {
            context.Response.Cookies.Append(ProbeCookie, "1", new CookieOptions
            {
                Path = "/sso",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax, // the same as the session cookies: kept exactly where they would be
                Secure = request.IsHttps,
                MaxAge = TimeSpan.FromMinutes(10),
            });
            context.Response.Redirect(request.PathBase + request.Path + request.QueryString.Add(ProbeParameter, "1"));
            return Task.CompletedTask;
        }
        var key = request.Query["base"].ToString() is { Length: > 0 } b ? b : request.Query["sso"].ToString() is { Length: > 0 } s ? s : request.Query["uai"].ToString();
        var entry = key.Length > 0 ? "/?sso&base=" + Uri.EscapeDataString(key) : "/";
        return Html.Page("Ouvrir Sacoche dans un nouvel onglet", $"""
            <p>Votre ENT affiche Sacoche dans un cadre, où la connexion ne peut pas aboutir : votre navigateur n'y conserve pas la session Sacoche.</p>
            <p><a href="{Html.E(entry)}" target="_blank" rel="noopener">Ouvrir Sacoche dans un nouvel onglet</a></p>
            """, frameBanner: false).ExecuteAsync(context);
    }

    /// <summary>
    /// Shows the page's « Ouvrir Sacoche dans un nouvel onglet » banner when the page is framed (no inline
    /// script: CSP). The sign-in begun in the frame cannot be resumed in a new tab (its cookies were never
    /// kept), so the link starts again from the establishment's entry point.
    /// </summary>
    public const string Script = """
        // Sacoche inside a frame (an ENT portal): its session cookies are SameSite=Lax, so a frame of another
        // site never keeps them and the sign-in cannot complete there. The banner offers a new tab.
        (function () {
          var framed;
          try { framed = window.self !== window.top; } catch (e) { framed = true; }
          var banner = document.getElementById('frame-banner');
          if (!framed || !banner) return;
          var base = new URLSearchParams(window.location.search).get('base');
          if (base && /^[0-9A-Za-z]{1,12}$/.test(base)) {
            banner.querySelector('a').href = (window.location.pathname.indexOf('/sso/') === 0 ? '/?sso&base=' : '/?base=') + encodeURIComponent(base);
          }
          banner.hidden = false;
        })();
        """;
}
