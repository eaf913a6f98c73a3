using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Application.SignIn;

public enum SignInOutcome
{
    Success,
    Invalid,
    /// <summary>Too many recent failures for this login (or this address): wait <see cref="SignInCheck.RetryAfter"/>.</summary>
    Throttled,
    Exited,
}

/// <summary>One sign-in attempt; <paramref name="KnownDeviceId"/> is set when this browser signed into this login before.</summary>
public sealed record SignInAttempt(int BaseId, string Login, string Password, string? ClientIp, string? KnownDeviceId);

public sealed record SignInCheck(SignInOutcome Outcome, Account? Account, TimeSpan RetryAfter);

/// <summary>One line of the sign-in page's establishment picker.</summary>
public sealed record EstablishmentChoice(int BaseId, string Name, string Uai);

/// <summary>Who the Identity session belongs to (<c>GET /account/session</c>).</summary>
public sealed record SessionResponse(string? Name, string? Base, string? Profile, string? Method);
