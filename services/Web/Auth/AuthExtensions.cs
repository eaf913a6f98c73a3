using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Sacoche.Web.Extensions;

namespace Sacoche.Web.Auth;

public static class AuthExtensions
{
    public const string CookieScheme = "sacoche.web";
    public const string OidcScheme = "oidc";
    private const string BaseItem = "sacoche.base";

    public static IHostApplicationBuilder AddWebAuthentication(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebOptions>()
            .Configure<IConfiguration>((o, config) =>
            {
                o.PublicUrl = config["Web:PublicUrl"] is { Length: > 0 } url ? url : config["Identity:Issuer"] ?? "";
                o.ClientSecret = config["Web:ClientSecret"] is { Length: > 0 } s ? s : config["Identity:WebClientSecret"] ?? "";
                o.ApiBaseUrl = config["Web:ApiBaseUrl"];
            })
            .Validate(o => Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out _), "Identity:Issuer (or Web:PublicUrl) must be the public URL of the system, e.g. http://localhost:8080/")
            .Validate(o => o.ClientSecret.Length >= 16, "Identity:WebClientSecret (or Web:ClientSecret) must be set: the secret of the sacoche-web client (at least 16 characters)")
            .ValidateOnStart();
        var web = new WebOptions
        {
            PublicUrl = builder.Configuration["Web:PublicUrl"] is { Length: > 0 } u ? u : builder.Configuration["Identity:Issuer"] ?? "http://localhost:8080/",
            ClientSecret = builder.Configuration["Web:ClientSecret"] is { Length: > 0 } cs ? cs : builder.Configuration["Identity:WebClientSecret"] ?? "",
        };

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TokenStore>();
#pragma warning disable EXTEXP0001 // token requests are not idempotent (rolling refresh tokens): no retries.
        services.AddHttpClient(TokenStore.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20)).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieScheme;
                o.DefaultChallengeScheme = OidcScheme;
            })
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "sacoche.web";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.AccessDeniedPath = "/acces-refuse";
                o.Events.OnValidatePrincipal = ValidatePrincipalAsync;
            })
            .AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = web.Root;
                o.RequireHttpsMetadata = false; // TLS ends at the academy's load balancer; loopback in development.
                o.ClientId = "sacoche-web";
                o.ClientSecret = web.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                // Query, not form_post: the auto-posting page would need an inline script, which our CSP forbids.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.SaveTokens = false; // tokens live in the TokenStore (database), not in the cookie
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "api", "offline_access" })
                {
                    o.Scope.Add(scope);
                }
                o.CallbackPath = "/signin-oidc";
                o.SignedOutCallbackPath = "/signout-callback-oidc";
                o.TokenValidationParameters.NameClaimType = SacocheClaims.Name;
                o.TokenValidationParameters.RoleClaimType = SacocheClaims.Profile;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                // Default is Always (Secure): over plain http (loopback, TLS ended upstream) only some
                // browsers would send them back, and the sign-in would fail with « lien expiré ».
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events.OnRedirectToIdentityProvider = context =>
                {
                    if (context.Properties.Items.TryGetValue(BaseItem, out var key) && !string.IsNullOrEmpty(key))
                    {
                        context.ProtocolMessage.SetParameter("base", key);
                    }
                    return Task.CompletedTask;
                };
                o.Events.OnTokenValidated = async context =>
                {
                    var identity = (ClaimsIdentity)context.Principal!.Identity!;
                    var sid = Guid.NewGuid().ToString("N");
                    identity.AddClaim(new Claim(SessionClaims.SessionId, sid));
                    identity.AddClaim(new Claim(SessionClaims.Method, "oidc"));
                    var tokens = context.TokenEndpointResponse;
                    if (tokens?.AccessToken is { } access)
                    {
                        var store = context.HttpContext.RequestServices.GetRequiredService<TokenStore>();
                        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                        var expiresIn = int.TryParse(tokens.ExpiresIn, out var s) ? s : 300;
                        await store.SetAsync(sid, context.Principal.SubjectOf(), context.Principal.BaseOf(),
                            new TokenSet(access, tokens.RefreshToken, clock.GetUtcNow().AddSeconds(expiresIn)), context.HttpContext.RequestAborted);
                    }
                };
                o.Events.OnRemoteFailure = context =>
                {
                    // Refused or interrupted sign-in (e.g. an old bookmark of /signin-oidc): a French page, never a stack trace.
                    context.HandleResponse();
                    context.Response.Redirect("/erreur?code=connexion");
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>
    /// Every request: the session must still be open in the shared store (signed out on another
    /// instance, or idle too long, means signed out here too).
    /// </summary>
    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var store = context.HttpContext.RequestServices.GetRequiredService<TokenStore>();
        if (context.Principal?.SessionIdOf() is not { } sid || !await store.IsOpenAsync(sid, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    /// <summary>
    /// The entry points of docs/domain/sso.md, on any page: <c>?sso&amp;base=N</c>, <c>?sso=N</c>, <c>?sso&amp;uai=UAI</c>,
    /// <c>?sso=UAI</c> → the establishment's ENT (through Identity's <c>/sso/start</c>); <c>?base=N</c> (and <c>/?id=N</c>,
    /// the administrator's address) → Identity's sign-in form of that establishment. Both come back through the OIDC code flow.
    /// </summary>
    public static IApplicationBuilder UseEntryPoints(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var query = request.Query;
        var sso = query.ContainsKey("sso");
        // « …/?id=123 », the administrator's address of the academies' integration guide: the same as ?base=123 (root only, digits only).
        var byId = !sso && !query.ContainsKey("base") && request.Path == "/" && query["id"].ToString().Trim() is { Length: > 0 } id && id.All(char.IsAsciiDigit);
        if (!HttpMethods.IsGet(request.Method) || (!sso && !byId && !query.ContainsKey("base")) || IsFramework(request.Path))
        {
            await next(context);
            return;
        }
        string Value(string name) => query[name].ToString().Trim();
        var key = sso
            ? Value("sso") is { Length: > 0 } s ? s : Value("base") is { Length: > 0 } b ? b : Value("uai")
            : byId ? Value("id") : Value("base");
        // Where to land afterwards: the same page without the entry parameters (a local path only).
        var kept = query.Where(kv => kv.Key is not ("sso" or "base" or "uai" or "returnUrl") && !(byId && kv.Key == "id"))
            .SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string?>(kv.Key, v)));
        // The raw path can itself be "//host/…" (a scheme-relative URL): it goes through the same check as returnUrl.
        var landing = LocalOrNull(query["returnUrl"]) ?? LocalOrNull(request.PathBase + request.Path + QueryString.Create(kept)) ?? "/";

        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && user.BaseOf() is { } current && current.ToString(System.Globalization.CultureInfo.InvariantCulture) == key)
        {
            context.Response.Redirect(landing);
            return;
        }
        var properties = new AuthenticationProperties { RedirectUri = landing };
        properties.Items[BaseItem] = key;
        await context.ChallengeAsync(OidcScheme, properties);
        if (context.Response.Headers.Location.ToString() is { Length: > 0 } location && Uri.TryCreate(location, UriKind.Absolute, out var authorize))
        {
            // Identity decides: the ENT of that establishment (or a clear French refusal), or its sign-in form.
            var resume = Uri.EscapeDataString(authorize.PathAndQuery);
            context.Response.Headers.Location = sso
                ? $"/sso/start?base={Uri.EscapeDataString(key)}&returnUrl={resume}"
                : $"/account/login?base={Uri.EscapeDataString(key)}&returnUrl={resume}";
        }
    });

    private static bool IsFramework(PathString path) =>
        path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/signin-oidc")
        || path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");

    /// <summary>Only same-site relative paths are followed: no open redirect.</summary>
    public static string? LocalOrNull(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal)
            && url.All(c => !char.IsControl(c))
            ? url
            : null;

    /// <summary>Sign-in, sign-out and the webmaster's session.</summary>
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/connexion", (string? returnUrl) => Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrNull(returnUrl) ?? "/" }, [OidcScheme]));

        // Sign-out: the UI session, then Identity's (which also ends the ENT session for an ENT sign-in).
        app.MapPost("/deconnexion", async (HttpContext http, TokenStore store, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Redirect("/");
            }
            var user = http.User;
            if (user.SessionIdOf() is { } sid)
            {
                await store.RemoveAsync(sid, http.RequestAborted);
            }
            await http.SignOutAsync(CookieScheme);
            return user.ProfileOf() == Profiles.Webmaster && user.FindFirst(SessionClaims.Method)?.Value == "operator"
                ? Results.Redirect("/?deconnecte=1")
                : Results.Redirect("/account/logout");
        });

        // The webmaster pastes the operator secret: exchanged for a client-credentials token, kept in server memory only.
        app.MapPost("/webmestre/connexion", async (HttpContext http, TokenStore store, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Redirect("/webmestre?erreur=2");
            }
            var form = await http.Request.ReadFormAsync(ct);
            var secret = form["secret"].ToString().Trim();
            var tokens = secret.Length == 0 ? null : await store.OperatorTokenAsync(secret, ct);
            if (tokens is null)
            {
                return Results.Redirect("/webmestre?erreur=1");
            }
            var sid = Guid.NewGuid().ToString("N");
            await store.SetOperatorAsync(sid, secret, tokens, ct);
            var identity = new ClaimsIdentity(
            [
                new Claim(SessionClaims.SessionId, sid), new Claim(SacocheClaims.Subject, "sacoche-operator"),
                new Claim(SacocheClaims.Name, "Webmestre (opérateur académique)"), new Claim(SacocheClaims.Profile, Profiles.Webmaster),
                new Claim(SessionClaims.Method, "operator"),
            ], CookieScheme, SacocheClaims.Name, SacocheClaims.Profile);
            await http.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
            return Results.Redirect("/webmestre/etablissements");
        });
        return app;
    }
}
