using System.Globalization;
using System.Security.Claims;

namespace Sacoche.Web.Auth;

/// <summary>Claim names of the UI session (the same as Identity's tokens, plus the session id).</summary>
public static class SessionClaims
{
    public const string SessionId = "sacoche_sid";
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Base = "base";
    public const string Profile = "profile";
    public const string Method = "sacoche_method";

    public static string? SessionIdOf(this ClaimsPrincipal user) => user.FindFirst(SessionId)?.Value;

    public static string ProfileOf(this ClaimsPrincipal user) => user.FindFirst(Profile)?.Value ?? "";

    public static int? BaseOf(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirst(Base)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) ? b : null;

    public static Guid? SubjectOf(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirst(Subject)?.Value, out var id) ? id : null;

    public static string NameOf(this ClaimsPrincipal user) => user.FindFirst(Name)?.Value ?? "";
}

/// <summary>Profile codes (docs/domain/profiles.md) and the words the UI shows for them.</summary>
public static class Profiles
{
    public const string Admin = "ADM";
    public const string Teacher = "ENS";
    public const string Direction = "DIR";
    public const string Librarian = "DOC";
    public const string Cpe = "EDU";
    public const string Student = "ELV";
    public const string Guardian = "TUT";
    public const string Webmaster = "WBM";

    public static bool IsStaff(string profile) => profile is not (Student or Guardian or Webmaster or "");

    /// <summary>"Vous êtes dans l'environnement …" (reference wording).</summary>
    public static string Environment(string profile) => profile switch
    {
        Admin => "administrateur",
        Teacher => "personnel enseignant",
        Direction => "personnel de direction",
        Librarian => "personnel documentaliste",
        Cpe => "personnel d'éducation",
        Student => "élève",
        Guardian => "parent",
        Webmaster => "webmestre",
        _ => "personnel",
    };

    public static string Label(string profile) => profile switch
    {
        Admin => "Administrateur",
        Teacher => "Enseignant",
        Direction => "Direction",
        Librarian => "Documentaliste",
        Cpe => "CPE",
        Student => "Élève",
        Guardian => "Responsable légal",
        Webmaster => "Webmestre",
        _ => profile,
    };
}
