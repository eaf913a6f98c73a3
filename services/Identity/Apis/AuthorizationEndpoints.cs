using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Infrastructure;
using Sacoche.ServiceDefaults.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Sacoche.Identity.Apis;

/// <summary>OpenID Connect endpoints: authorization code + PKCE, refresh, client credentials.</summary>
public static class AuthorizationEndpoints
{
    public static IEndpointRouteBuilder MapAuthorizationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", ["GET", "POST"], AuthorizeAsync).DisableAntiforgery();
        app.MapPost("/connect/token", TokenAsync).DisableAntiforgery();
        app.MapMethods("/connect/logout", ["GET", "POST"], async (HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            if (!AccountPages.FromOurPages(http))
            {
                return AccountPages.LogoutConfirmation(http, antiforgery);
            }
            await http.SignOutAsync(Extensions.Extensions.CookieScheme);
            return Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, IdentityDbContext db, AccountService accounts,
        Microsoft.Extensions.Options.IOptions<Extensions.IdentityServiceOptions> options, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request");
        var session = await http.AuthenticateAsync(Extensions.Extensions.CookieScheme);
        var returnUrl = http.Request.PathBase + http.Request.Path + QueryString.Create(
            http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(ct)).ToList() : http.Request.Query.ToList());
        var requestedBase = request["base"]?.ToString();

        Account? account = null;
        var authenticatedAt = AccountService.AuthTimeOf(session.Principal);
        if (session.Succeeded && Guid.TryParse(session.Principal.FindFirst(Claims.Subject)?.Value, out var userId))
        {
            // The cookie was validated on this request (revocation, establishment, lifetime): re-read for the claims.
            account = await SessionRevocation.LiveAccountAsync(db, userId, authenticatedAt, accounts.Now, accounts.Today, options.Value.SessionAbsoluteLifetime, ct);
            // A session of another establishment than the one asked for: sign in again.
            if (account is not null && int.TryParse(requestedBase, out var wanted) && wanted != account.EstablishmentId)
            {
                account = null;
            }
        }
        if (account is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme], properties: new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.LoginRequired,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "Connexion requise.",
                }));
            }
            var establishment = requestedBase is null ? null : await SsoEndpoints.FindEstablishmentAsync(db, requestedBase, ct);
            return establishment is { Mode: ConnectionMode.Cas }
                ? Results.Redirect($"/sso/start?base={establishment.BaseId}&returnUrl={Uri.EscapeDataString(returnUrl)}")
                : Results.Redirect($"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}" + (establishment is null ? "" : $"&base={establishment.BaseId}"));
        }
        var principal = AccountService.TokenPrincipal(account.Id.ToString(), account.EstablishmentId, account.Profile,
            $"{account.FirstName} {account.LastName}".Trim(), request.GetScopes(), authenticatedAt);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, IdentityDbContext db, AccountService accounts,
        Microsoft.Extensions.Options.IOptions<Extensions.IdentityServiceOptions> options, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request");
        if (request.IsClientCredentialsGrantType())
        {
            // Only sacoche-operator holds this grant (client permissions): the academy's webmaster.
            var principal = AccountService.TokenPrincipal(request.ClientId!, null, Profiles.Webmaster, "Opérateur académique", request.GetScopes());
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var subject = result.Principal?.GetClaim(Claims.Subject);
            var authenticatedAt = AccountService.AuthTimeOf(result.Principal);
            // Re-read the account: an exit date, a deactivated establishment, a password reset or the
            // ENT's single sign-out since the sign-in, or a sign-in older than the absolute lifetime, end it.
            var account = Guid.TryParse(subject, out var id)
                ? await SessionRevocation.LiveAccountAsync(db, id, authenticatedAt, accounts.Now, accounts.Today, options.Value.SessionAbsoluteLifetime, ct)
                : null;
            if (account is null)
            {
                return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme], properties: new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidGrant,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "Cette session n'est plus valide : reconnectez-vous.",
                }));
            }
            var principal = AccountService.TokenPrincipal(account.Id.ToString(), account.EstablishmentId, account.Profile,
                $"{account.FirstName} {account.LastName}".Trim(), result.Principal!.GetScopes(), authenticatedAt);
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        return Results.BadRequest(new { error = Errors.UnsupportedGrantType });
    }
}
