namespace Sacoche.Common.Security;

/// <summary>
/// Claim names of Sacoche access tokens, and of the UI's session, which copies them
/// (docs/architecture.md, « Sign-in and tokens »).
/// </summary>
public static class SacocheClaims
{
    public const string Subject = "sub";
    public const string Base = "base";
    public const string Profile = "profile";
    public const string Name = "name";
}

/// <summary>
/// Profile codes, the staff rule and the French words for them (docs/domain/profiles.md): the one
/// declaration that every service and the UI use.
/// </summary>
public static class Profiles
{
    public const string Webmaster = "WBM";
    public const string Admin = "ADM";
    public const string Direction = "DIR";
    public const string Teacher = "ENS";
    public const string Librarian = "DOC";
    public const string Cpe = "EDU";
    public const string Student = "ELV";
    public const string Guardian = "TUT";

    /// <summary>
    /// Staff: any profile that is neither student, guardian nor webmaster — the administrator and
    /// STS-web's other functions (AED, SUR…) included. No profile (an empty claim) is not staff.
    /// </summary>
    public static bool IsStaff(string? profile) => !string.IsNullOrEmpty(profile) && profile is not (Student or Guardian or Webmaster);

    /// <summary>"Vous êtes dans l'environnement …" (reference wording).</summary>
    public static string Environment(string? profile) => profile switch
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

    /// <summary>The profile as the UI names it ("Enseignant", "Responsable légal"…); an unknown code as is.</summary>
    public static string Label(string? profile) => profile switch
    {
        Admin => "Administrateur",
        Teacher => "Enseignant",
        Direction => "Direction",
        Librarian => "Documentaliste",
        Cpe => "CPE",
        Student => "Élève",
        Guardian => "Responsable légal",
        Webmaster => "Webmestre",
        _ => profile ?? string.Empty,
    };
}
