namespace Sacoche.Testing.Cas;

/// <summary>Start-up options of <see cref="CasTestServer"/>.</summary>
public sealed class CasTestServerOptions
{
    /// <summary>Root path of the CAS endpoints, without slashes ("" for the host root). Default "cas".</summary>
    public string Root { get; init; } = "cas";

    /// <summary>How long a service ticket stays valid if not validated. Default 10 s.</summary>
    public TimeSpan TicketLifetime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The user the logins authenticate as until <see cref="CasTestServer.SetUser"/> is called.</summary>
    public string DefaultUser { get; init; } = "jdupont";

    /// <summary>
    /// When true, <c>GET /login</c> shows a form (field <c>username</c>) that a browser test fills in; when false (default),
    /// <c>GET /login?service=…</c> redirects at once, as an ENT does for a user who already has an SSO session.
    /// </summary>
    public bool InteractiveLogin { get; init; }

    /// <summary>Clock used for ticket expiry (replace it in tests to expire tickets without waiting).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
