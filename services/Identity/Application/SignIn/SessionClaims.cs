using System.Globalization;
using System.Security.Claims;
using OpenIddict.Abstractions;
using Sacoche.Identity.Domain;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Sacoche.Identity.Application.SignIn;

/// <summary>The claims every token and session carries.</summary>
public static class SessionClaims
{
    /// <summary>The claim holding when the user actually authenticated (Unix ms), kept across refreshes.</summary>
    public const string AuthTimeClaim = "sacoche_auth_time";

    public static string AuthTime(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset? AuthTimeOf(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirst(AuthTimeClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    /// <summary>The session cookie's principal (Identity's own pages).</summary>
    public static ClaimsPrincipal SessionPrincipal(Account account, string method, DateTimeOffset authenticatedAt, string? casTicket = null)
    {
        var identity = new ClaimsIdentity(Extensions.Extensions.CookieScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, account.Id.ToString()));
        identity.AddClaim(new Claim("base", account.EstablishmentId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim("profile", account.Profile));
        identity.AddClaim(new Claim(Claims.Name, $"{account.FirstName} {account.LastName}"));
        identity.AddClaim(new Claim("amr", method));
        identity.AddClaim(new Claim(AuthTimeClaim, AuthTime(authenticatedAt)));
        if (casTicket is not null)
        {
            identity.AddClaim(new Claim("cas_ticket", casTicket));
        }
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The claims of access tokens: sub, base, profile, name; audience = every API.</summary>
    public static ClaimsPrincipal TokenPrincipal(string subject, int? baseId, string profile, string name, IEnumerable<string> scopes, DateTimeOffset? authenticatedAt = null)
    {
        var identity = new ClaimsIdentity(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject).SetClaim(Claims.Name, name).SetClaim("profile", profile);
        if (authenticatedAt is { } at)
        {
            // No destination: it stays inside authorization codes and refresh tokens (absolute lifetime, revocation).
            identity.SetClaim(AuthTimeClaim, AuthTime(at));
        }
        if (baseId is { } b)
        {
            identity.SetClaim("base", b);
        }
        identity.SetScopes(scopes);
        identity.SetResources(Extensions.ApiAudiences.All);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Name or "profile" or "base" => [Destinations.AccessToken, Destinations.IdentityToken],
            AuthTimeClaim => [],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }
}
