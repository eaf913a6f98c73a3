using System.Globalization;
using System.Security.Claims;

namespace Sacoche.Web.Auth;

/// <summary>
/// Claims of the UI session: those of Identity's tokens (<see cref="SacocheClaims"/>), plus the
/// session id and how the session was opened.
/// </summary>
public static class SessionClaims
{
    public const string SessionId = "sacoche_sid";
    public const string Method = "sacoche_method";

    public static string? SessionIdOf(this ClaimsPrincipal user) => user.FindFirst(SessionId)?.Value;

    public static string ProfileOf(this ClaimsPrincipal user) => user.FindFirst(SacocheClaims.Profile)?.Value ?? "";

    public static int? BaseOf(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirst(SacocheClaims.Base)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) ? b : null;

    public static Guid? SubjectOf(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirst(SacocheClaims.Subject)?.Value, out var id) ? id : null;

    public static string NameOf(this ClaimsPrincipal user) => user.FindFirst(SacocheClaims.Name)?.Value ?? "";
}
