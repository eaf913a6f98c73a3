using Sacoche.Identity.Domain.Cas;

namespace Sacoche.Identity.Domain;

public enum ConnectionMode
{
    Normal,
    Cas,
}

/// <summary>One school's space. <see cref="BaseId"/> is the public number of <c>?sso&amp;base=N</c>.</summary>
public sealed class Establishment
{
    public int BaseId { get; set; }
    public required string Uai { get; set; }
    public required string Name { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Login template: <c>p</c> = letters of the first name, <c>n</c> = letters of the last name.</summary>
    public string LoginTemplate { get; set; } = "ppp.nnnnnnnn";
    public ConnectionMode Mode { get; set; } = ConnectionMode.Normal;
    public string? CasConnector { get; set; }
    public string? CasHost { get; set; }
    public int CasPort { get; set; } = 443;
    public string? CasRoot { get; set; }
    public string? CasLoginUrl { get; set; }
    public string? CasValidateUrl { get; set; }
    public string? CasLogoutUrl { get; set; }
    public string CasProtocol { get; set; } = "3.0";
    public bool CasVerifyTls { get; set; } = true;
    /// <summary>Scheme of the CAS server; "http" only where Identity:Cas:AllowHttp permits (tests).</summary>
    public string CasScheme { get; set; } = "https";

    public static bool IsValidUai(string? uai) =>
        uai is { Length: 8 } && uai[..7].All(char.IsAsciiDigit) && char.IsAsciiLetterUpper(uai[7]);

    /// <summary>The stored CAS settings; TLS is always verified unless the installation allows HTTP (test installations).</summary>
    public CasServerSettings CasSettings(bool allowHttp) => new(CasHost, CasPort, CasRoot, CasLoginUrl, CasValidateUrl, CasLogoutUrl,
        CasProtocol, CasVerifyTls || !allowHttp, CasScheme == "http" ? CasUrlScheme.Http : CasUrlScheme.Https, allowHttp);
}

/// <summary>
/// A person who can sign in. Imported users come from Import's <c>UserImported</c> snapshots
/// (<see cref="Version"/> orders them); administrators are created with their establishment.
/// </summary>
public sealed class Account
{
    public int EstablishmentId { get; set; }
    public Guid Id { get; set; }
    public required string Profile { get; set; }
    public required string LastName { get; set; }
    public required string FirstName { get; set; }
    public required string Login { get; set; }
    /// <summary>ASP.NET Core Identity PBKDF2 hash; null until the background hasher has run.</summary>
    public string? PasswordHash { get; set; }
    /// <summary>
    /// The initial password, encrypted with Data Protection, kept only until the admin has
    /// downloaded it and it is hashed: hashing costs ~52 ms, so it never happens on the import path.
    /// </summary>
    public string? PendingPassword { get; set; }
    public bool CredentialsDelivered { get; set; }
    public string? EntId { get; set; }
    /// <summary>Accent- and case-insensitive form of <see cref="EntId"/>, indexed for CAS matching.</summary>
    public string? EntIdNormalized { get; set; }
    public DateOnly? ExitDate { get; set; }
    public long Version { get; set; }
    /// <summary>Sessions and refresh tokens obtained before this instant are dead (password reset, ENT single sign-out).</summary>
    public DateTimeOffset? SessionsRevokedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set when an administrator disables the account (administrators only for now): no sign-in until re-enabled.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
    /// <summary>The last successful sign-in (password or ENT); null when never.</summary>
    public DateTimeOffset? LastSignInAt { get; set; }

    public bool CanSignIn(DateOnly today) => DisabledAt is null && (ExitDate is null || ExitDate > today);

    /// <summary>Was a session authenticated at <paramref name="authenticatedAt"/> revoked since?</summary>
    public bool RevokedSince(DateTimeOffset authenticatedAt) => SessionsRevokedAt is { } revoked && authenticatedAt <= revoked;
}

/// <summary>
/// One administrator action on an account (created, disabled, enabled, password reset, ENT id set):
/// who, when, what, on whom. Never a password.
/// </summary>
public sealed class AccountAudit : Sacoche.ServiceDefaults.Data.ITenantOwned
{
    public long Id { get; set; }
    public int EstablishmentId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    public required string Action { get; set; }
    public Guid TargetId { get; set; }
    public required string TargetLogin { get; set; }
}

/// <summary>The actions of <see cref="AccountAudit"/>.</summary>
public static class AuditActions
{
    public const string AdministratorCreated = "administrator-created";
    public const string AdministratorDisabled = "administrator-disabled";
    public const string AdministratorEnabled = "administrator-enabled";
    public const string PasswordReset = "password-reset";
    public const string EntIdSet = "ent-id-set";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { AdministratorCreated, AdministratorDisabled, AdministratorEnabled, PasswordReset, EntIdSet };
}

/// <summary>Failed sign-ins of one key (an account of an establishment, or a client IP), for progressive delays.</summary>
public sealed class LoginThrottle
{
    public required string Key { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
}

/// <summary>A CAS single sign-on session, so that the ENT's single sign-out can end it.</summary>
public sealed class CasSession
{
    public required string Ticket { get; set; }
    public int EstablishmentId { get; set; }
    public Guid AccountId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Revoked { get; set; }
}

/// <summary>Token signing and encryption keys, shared by every instance and kept across restarts.</summary>
public sealed class SigningKey
{
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public required byte[] Material { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
