using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Sacoche.Identity.Domain.Cas;

/// <summary>
/// Single sign-out: the CAS server POSTs <c>logoutRequest=&lt;samlp:LogoutRequest …&gt;</c> to the service URL;
/// its <c>&lt;samlp:SessionIndex&gt;</c> is the service ticket that opened the session to end.
/// </summary>
public static class CasLogoutRequest
{
    /// <summary>SAML 2.0 protocol namespace (prefix <c>samlp</c>).</summary>
    public const string SamlProtocolNamespace = "urn:oasis:names:tc:SAML:2.0:protocol";

    /// <summary>Longest session index accepted (the CAS spec recommends tickets up to 256 characters).</summary>
    public const int MaxSessionIndexLength = 1024;

    private const int MaxCharacters = 64 * 1024;

    /// <summary>
    /// Extracts the <c>SessionIndex</c> (the service ticket) of a single-logout request body (the value of the
    /// <c>logoutRequest</c> form field, already URL-decoded). Safe: no DTD, no resolver, bounded size; accepts the
    /// historical variant that uses the <c>samlp:</c> prefix without declaring it. Never throws.
    /// </summary>
    public static bool TryParseSessionIndex(string? logoutRequestXml, [NotNullWhen(true)] out string? sessionIndex)
    {
        sessionIndex = null;
        if (string.IsNullOrWhiteSpace(logoutRequestXml) || logoutRequestXml.Length > MaxCharacters)
        {
            return false;
        }

        if (logoutRequestXml.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)
            || logoutRequestXml.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        XElement root;
        try
        {
            root = CasXml.ReadRoot(logoutRequestXml, lenient: false);
        }
        catch (XmlException)
        {
            // Old CAS servers send <samlp:LogoutRequest> without declaring xmlns:samlp: declare it and retry.
            try
            {
                root = CasXml.ReadRoot(DeclareSamlPrefixes(logoutRequestXml), lenient: false);
            }
            catch (Exception e) when (e is XmlException or InvalidOperationException or RegexMatchTimeoutException)
            {
                return false;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        if (root.Name.LocalName != "LogoutRequest" || !IsSamlProtocol(root.Name.Namespace))
        {
            return false;
        }

        var index = root.Elements().FirstOrDefault(e => e.Name.LocalName == "SessionIndex" && IsSamlProtocol(e.Name.Namespace));
        var value = index?.Value.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > MaxSessionIndexLength || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return false;
        }

        sessionIndex = value;
        return true;
    }

    private static bool IsSamlProtocol(XNamespace ns) =>
        ns == XNamespace.None || ns.NamespaceName == SamlProtocolNamespace;

    private static string DeclareSamlPrefixes(string xml)
    {
        var rootStart = xml.IndexOf("<samlp:LogoutRequest", StringComparison.Ordinal);
        if (rootStart < 0)
        {
            return xml;
        }

        var insertAt = rootStart + "<samlp:LogoutRequest".Length;
        var declarations = string.Empty;
        var openTag = xml[rootStart..Math.Max(rootStart, xml.IndexOf('>', rootStart))];
        if (!openTag.Contains("xmlns:samlp", StringComparison.Ordinal))
        {
            declarations += " xmlns:samlp=\"" + SamlProtocolNamespace + "\"";
        }

        if (!openTag.Contains("xmlns:saml=", StringComparison.Ordinal) && xml.Contains("<saml:", StringComparison.Ordinal)
            && !xml.Contains("xmlns:saml=", StringComparison.Ordinal))
        {
            declarations += " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"";
        }

        return xml.Insert(insertAt, declarations);
    }
}
