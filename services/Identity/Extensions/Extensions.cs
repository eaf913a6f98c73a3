using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using Sacoche.Identity.Application.Accounts;
using Sacoche.Identity.Application.Administrators;
using Sacoche.Identity.Application.Audit;
using Sacoche.Identity.Application.Establishments;
using Sacoche.Identity.Application.SignIn;
using Sacoche.Identity.Application.Sso;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Infrastructure;
using Sacoche.People.Ent;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Extensions;

public static class Extensions
{
    public const string CookieScheme = "sacoche.session";
    public const string LoginRateLimit = "login";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSacocheDbContext<IdentityDbContext>("identitydb");
        builder.AddSacocheMessaging<IdentityDbContext>("identity", typeof(IdentityDbContext).Assembly);
        var services = builder.Services;

        services.AddOptions<IdentityServiceOptions>().BindConfiguration("Identity")
            .Validate(o => Uri.TryCreate(o.Issuer, UriKind.Absolute, out _), "Identity:Issuer must be an absolute URL (the public address, e.g. http://localhost:8080/)")
            .Validate(o => o.OperatorSecret.Length >= 16, "Identity:OperatorSecret must be set (at least 16 characters)")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection("Identity").Get<IdentityServiceOptions>() ?? new();

        // Cookies and OpenIddict's codes are protected with keys every instance shares.
        builder.AddSharedDataProtection<IdentityDbContext>("sacoche-identity");
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton(EntConnectors.FromEmbedded());
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<CurrentUser>();
        services.AddHttpContextAccessor();
        services.AddScoped<AccountService>();
        services.AddScoped<AdministratorsService>();
        services.AddScoped<AuditService>();
        services.AddScoped<SignInService>();
        services.AddScoped<EstablishmentsService>();
        services.AddScoped<SsoService>();
        services.AddScoped<LoginThrottles>();
        services.AddHostedService<PasswordHasherWorker>();
        services.AddHostedService<ClientRegistration>();
        // CAS validation: own timeout, no retries (tickets are single-use).
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is exactly what a single-use ticket needs.
        // Private, loopback and link-local CAS addresses only where allowed (default: everywhere but Production).
        var allowPrivate = options.Cas.AllowPrivateAddresses ?? !builder.Environment.IsProduction();
        services.AddHttpClient(CasClient.Name).ConfigurePrimaryHttpMessageHandler(() => CasClient.CreateHandler(true, allowPrivate)).RemoveAllResilienceHandlers();
        services.AddHttpClient(CasClient.NoTlsCheckName).ConfigurePrimaryHttpMessageHandler(() => CasClient.CreateHandler(false, allowPrivate)).RemoveAllResilienceHandlers();
        services.AddSingleton(new CasCallbackLimiter(options.Cas));
#pragma warning restore EXTEXP0001
        services.AddAntiforgery();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, KeyStore>();

        services.AddAuthentication(o => o.DefaultScheme = CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "sacoche.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // Single sign-out from the ENT revokes the session: checked on each request to Identity.
                o.Events.OnValidatePrincipal = Sacoche.Identity.Apis.SsoEndpoints.ValidateSessionAsync;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy("api", p => p.AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme).RequireAuthenticatedUser());

        services.AddOpenIddict()
            .AddCore(o =>
            {
                o.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>();
                o.ReplaceApplicationManager(typeof(LoopbackApplicationManager<>));
            })
            .AddServer(o =>
            {
                o.SetIssuer(new Uri(options.Issuer.TrimEnd('/') + "/"));
                o.SetAuthorizationEndpointUris("connect/authorize")
                 .SetTokenEndpointUris("connect/token")
                 .SetEndSessionEndpointUris("connect/logout");
                o.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                o.RequireProofKeyForCodeExchange();
                // Ad-hoc authorizations tie each sign-in's codes and refresh tokens together: a refresh
                // token presented twice (stolen and replayed) revokes the whole chain. No reuse leeway:
                // the UI renews under a row lock, so a second use is never legitimate.
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                o.SetRefreshTokenLifetime(options.SessionAbsoluteLifetime);
                o.RegisterScopes("openid", "profile", "offline_access", "api");
                o.RegisterClaims("sub", "base", "profile", "name");
                // APIs validate plain signed JWTs locally (docs/architecture.md, « Sign-in and tokens »).
                o.DisableAccessTokenEncryption();
                o.SetAccessTokenLifetime(TimeSpan.FromMinutes(30));
                o.UseAspNetCore()
                 .EnableAuthorizationEndpointPassthrough()
                 .EnableTokenEndpointPassthrough()
                 .EnableEndSessionEndpointPassthrough()
                 // TLS ends at the gateway / the academy's load balancer.
                 .DisableTransportSecurityRequirement();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
                o.AddAudiences(ApiAudiences.Identity);
            });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginRatePerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return builder;
    }
}
