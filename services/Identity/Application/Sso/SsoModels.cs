using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Application.Sso;

/// <summary>Why an ENT sign-in stops; the endpoint shows it as a French page.</summary>
public enum SsoFailureKind
{
    UnknownEstablishment,
    /// <summary>The establishment signs in with Sacoche logins (or is inactive).</summary>
    NotCas,
    IncompleteSettings,
    RateLimited,
    NoTicket,
    Unreachable,
    Unreadable,
    /// <summary>The CAS server refused the ticket.</summary>
    Refused,
    /// <summary>A CAS user no account of the establishment has as ENT id.</summary>
    UnknownUser,
    Exited,
}

/// <summary>A failed step of the ENT sign-in: its kind, the French message, and what the page may add (the establishment, the CAS user).</summary>
public sealed record SsoFailure(SsoFailureKind Kind, string Message, Establishment? Establishment = null, string? CasUser = null);

/// <summary>A step of the ENT sign-in: its value, or why it stopped.</summary>
public sealed record SsoResult<T>(T? Value, SsoFailure? Failure)
{
    public static implicit operator SsoResult<T>(T value) => new(value, null);

    public static implicit operator SsoResult<T>(SsoFailure failure) => new(default, failure);
}

/// <summary>What the ENT sent back to <c>/sso/callback</c> (query string), and the caller's address for the rate limit.</summary>
public sealed record CasCallback(string? ClientIp, string? Base, string? Ticket, string? ReturnUrl);

/// <summary>A validated CAS sign-in: the account and the ticket its session remembers (single sign-out).</summary>
public sealed record CasSignIn(Account Account, string Ticket);
