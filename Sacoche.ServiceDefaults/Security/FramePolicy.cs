using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Sacoche.ServiceDefaults.Security;

/// <summary>
/// Who may show a Sacoche page inside a frame. ENT portals often open Sacoche in a frame: the
/// establishment's ENT (the origin of its CAS server) may, and so may Sacoche itself; any other
/// site may not (clickjacking). A service that sets these headers owns its framing policy: the
/// gateway keeps them and only fills in <see cref="DefaultPolicy"/> and <c>X-Frame-Options: DENY</c>
/// on answers that carry neither.
/// </summary>
public static class FramePolicy
{
    /// <summary>The Content-Security-Policy of Sacoche's pages, frame-ancestors aside.</summary>
    public const string PageDirectives =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; form-action 'self' https: http://localhost:* http://127.0.0.1:*";

    /// <summary>What the gateway sends when the service said nothing: no framing at all.</summary>
    public const string DefaultPolicy = PageDirectives + "; frame-ancestors 'none'";

    public static string FrameAncestors(string? entOrigin) =>
        entOrigin is null ? "frame-ancestors 'self'" : "frame-ancestors 'self' " + entOrigin;

    /// <summary>
    /// Content-Security-Policy = <paramref name="directives"/> + frame-ancestors, and X-Frame-Options
    /// only when no ENT may frame the page: XFO cannot name an origin, and its SAMEORIGIN (or the
    /// gateway's DENY) would still block the ENT in older browsers that ignore frame-ancestors.
    /// </summary>
    public static void Apply(IHeaderDictionary headers, string directives, string? entOrigin)
    {
        headers.ContentSecurityPolicy = directives + "; " + FrameAncestors(entOrigin);
        if (entOrigin is null)
        {
            headers.XFrameOptions = "SAMEORIGIN";
        }
        else
        {
            headers.Remove("X-Frame-Options");
        }
    }

    /// <summary>
    /// <c>scheme://host[:port]</c> of an http(s) URL, in ASCII, the default port omitted; null for
    /// anything else. The result goes into a header: it is rebuilt from the parsed parts, never copied.
    /// </summary>
    public static string? OriginOf(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || uri.UserInfo.Length > 0 || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            return null;
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        if (host.Contains('%', StringComparison.Ordinal))
        {
            return null; // an IPv6 zone id has no place in a policy
        }
        return uri.Scheme + "://" + host + (uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture));
    }
}
