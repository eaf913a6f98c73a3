using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Sacoche.Identity.Application.SignIn;
using Sacoche.Identity.Domain;
using Sacoche.ServiceDefaults.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Sacoche.Identity.Apis;

/// <summary>The OAuth error of the token endpoint for a grant it does not serve (RFC 6749 §5.2).</summary>
public sealed record TokenError(string Error);

/// <summary>OpenID Connect endpoints: authorization code + PKCE, refresh, client credentials.</summary>
public static class AuthorizationEndpoints
{
    public static IEndpointRouteBuilder MapAuthorizationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", ["GET", "POST"], AuthorizeAsync).DisableAntiforgery()
            .WithName("Authorize").WithSummary("OpenID Connect authorization: a code for a live session, else the sign-in (local or ENT).");
        app.MapPost("/connect/token", TokenAsync).DisableAntiforgery()
            .WithName("Token").WithSummary("OpenID Connect tokens: authorization code, refresh token, client credentials.");
        app.MapMethods("/connect/logout", ["GET", "POST"], LogoutAsync).DisableAntiforgery()
            .WithName("EndSession").WithSummary("OpenID Connect sign-out; confirmed first when not started by our own pages.");
        return app;
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!AccountPages.FromOurPages(http))
        {
            return AccountPages.LogoutConfirmation(http, antiforgery);
        }
        await http.SignOutAsync(Extensions.Extensions.CookieScheme);
        return Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, SignInService signIn, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request");
        var session = await http.AuthenticateAsync(Extensions.Extensions.CookieScheme);
        var returnUrl = http.Request.PathBase + http.Request.Path + QueryString.Create(
            http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(ct)).ToList() : http.Request.Query.ToList());
        var requestedBase = request["base"]?.ToString();

        Account? account = null;
        var authenticatedAt = SessionClaims.AuthTimeOf(session.Principal);
        if (session.Succeeded && Guid.TryParse(session.Principal.FindFirst(Claims.Subject)?.Value, out var userId))
        {
            // The cookie was validated on this request (revocation, establishment, lifetime): re-read for the claims.
            account = await signIn.LiveAccountAsync(userId, authenticatedAt, ct);
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
                return Refuse(Errors.LoginRequired, "Connexion requise.");
            }
            var establishment = requestedBase is null ? null : await signIn.FindEstablishmentAsync(requestedBase, ct);
            return establishment is { Mode: ConnectionMode.Cas }
                ? Results.Redirect($"/sso/start?base={establishment.BaseId}&returnUrl={Uri.EscapeDataString(returnUrl)}")
                : Results.Redirect($"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}" + (establishment is null ? "" : $"&base={establishment.BaseId}"));
        }
        var principal = SessionClaims.TokenPrincipal(account.Id.ToString(), account.EstablishmentId, account.Profile,
            $"{account.FirstName} {account.LastName}".Trim(), request.GetScopes(), authenticatedAt);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, SignInService signIn, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request");
        if (request.IsClientCredentialsGrantType())
        {
            // Only sacoche-operator holds this grant (client permissions): the academy's webmaster.
            var principal = SessionClaims.TokenPrincipal(request.ClientId!, null, Profiles.Webmaster, "Opérateur académique", request.GetScopes());
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var subject = result.Principal?.GetClaim(Claims.Subject);
            var authenticatedAt = SessionClaims.AuthTimeOf(result.Principal);
            // Re-read the account: an exit date, a deactivated establishment, a password reset or the
            // ENT's single sign-out since the sign-in, or a sign-in older than the absolute lifetime, end it.
            var account = Guid.TryParse(subject, out var id) ? await signIn.LiveAccountAsync(id, authenticatedAt, ct) : null;
            if (account is null)
            {
                return Refuse(Errors.InvalidGrant, "Cette session n'est plus valide : reconnectez-vous.");
            }
            var principal = SessionClaims.TokenPrincipal(account.Id.ToString(), account.EstablishmentId, account.Profile,
                $"{account.FirstName} {account.LastName}".Trim(), result.Principal!.GetScopes(), authenticatedAt);
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        return Results.BadRequest(new TokenError(Errors.UnsupportedGrantType));
    }

    /// <summary>An OpenID Connect error answer, written by OpenIddict in the protocol's own format.</summary>
    private static IResult Refuse(string error, string description) =>
        Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme], properties: new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }));
}
