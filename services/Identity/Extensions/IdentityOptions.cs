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
    public int MaxFailedLogins { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Login form posts per IP and minute.</summary>
    public int LoginRatePerMinute { get; set; } = 30;
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
