namespace Sacoche.Identity.Extensions;

public sealed class IdentityServiceOptions
{
    /// <summary>Public URL of the system (through the gateway); the tokens' issuer.</summary>
    public string Issuer { get; set; } = "";
    /// <summary>Secret of the <c>sacoche-operator</c> client (client credentials).</summary>
    public string OperatorSecret { get; set; } = "";
    /// <summary>Secret of the <c>sacoche-web</c> client (the UI); empty = the client is not registered.</summary>
    public string WebClientSecret { get; set; } = "";
    /// <summary>Redirect URIs of <c>sacoche-web</c>, relative to the issuer when not absolute.</summary>
    public string[] WebRedirectUris { get; set; } = ["signin-oidc"];
    public CasOptions Cas { get; set; } = new();
    public LoginThrottleOptions Throttle { get; set; } = new();
    /// <summary>Login form posts per IP and minute: a whole school behind one address signs in at 8 a.m.</summary>
    public int LoginRatePerMinute { get; set; } = 600;
    /// <summary>A sign-in is good for this long at most, however often its tokens are refreshed.</summary>
    public TimeSpan SessionAbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>
/// Progressive delays instead of a lockout: after the free failures of a key, each new failure
/// doubles the wait (1 s, 2 s, 4 s… up to <see cref="MaxDelay"/>); a key forgotten after <see cref="Window"/>.
/// </summary>
public sealed class LoginThrottleOptions
{
    /// <summary>Failures of one login (from browsers it was never used in) before delays start.</summary>
    public int FreeFailuresPerAccount { get; set; } = 5;
    /// <summary>Failures of one login from a browser it signed in from before (its own counter).</summary>
    public int FreeFailuresPerDevice { get; set; } = 10;
    /// <summary>Failures from one IP address, all logins together (a school's NAT is one address).</summary>
    public int FreeFailuresPerIp { get; set; } = 100;
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan DelayAfter(int failures, int free) => failures < free
        ? TimeSpan.Zero
        : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(failures - free, 30)), MaxDelay.TotalSeconds));
}

public sealed class CasOptions
{
    /// <summary>Accept plain-http CAS servers: Development and tests only.</summary>
    public bool AllowHttp { get; set; }
    public TimeSpan ValidationTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>CAS servers on private, loopback or link-local addresses; unset = allowed everywhere but in Production.</summary>
    public bool? AllowPrivateAddresses { get; set; }
    /// <summary>ENT returns (<c>/sso/callback</c>, each one a validation request) per client IP and minute.</summary>
    public int CallbacksPerIpPerMinute { get; set; } = 1200;
    /// <summary>ENT returns per establishment and minute (a whole school signing in at 8 a.m. stays well below).</summary>
    public int CallbacksPerEstablishmentPerMinute { get; set; } = 3000;
}

public static class ApiAudiences
{
    public const string Identity = "sacoche-identity";
    public const string Import = "sacoche-import";
    public const string Competences = "sacoche-competences";
    public static readonly string[] All = [Identity, Import, Competences];
}
