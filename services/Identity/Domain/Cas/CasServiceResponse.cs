using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Sacoche.Identity.Domain.Cas;

/// <summary>
/// The answer of a CAS server to <c>/serviceValidate</c> or <c>/p3/serviceValidate</c>:
/// <see cref="Success"/>, <see cref="Failure"/> or <see cref="Unreadable"/>. <see cref="Parse"/> never throws.
/// </summary>
public abstract record CasServiceResponse
{
    /// <summary>XML namespace of CAS answers.</summary>
    public const string Namespace = "http://www.yale.edu/tp/cas";

    private static readonly XNamespace Cas = Namespace;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoAttributes =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    private CasServiceResponse()
    {
    }

    /// <summary>
    /// True when the answer was not well-formed XML and was read after repair
    /// (e.g. a bare <c>&amp;</c> escaped). Worth a warning in the logs.
    /// </summary>
    public bool Repaired { get; private init; }

    /// <summary><c>&lt;cas:authenticationSuccess&gt;</c>.</summary>
    /// <param name="User">The <c>&lt;cas:user&gt;</c>, trimmed (compare it with an id_ent through <see cref="IdEntComparer"/>).</param>
    /// <param name="Attributes">Released attributes (CAS 3.0), multi-valued, names compared case-insensitively.</param>
    public sealed record Success(string User, IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes) : CasServiceResponse
    {
        /// <summary>First value of an attribute, or null.</summary>
        public string? Attribute(string name) =>
            Attributes.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
    }

    /// <summary><c>&lt;cas:authenticationFailure code="…"&gt;message&lt;/…&gt;</c>.</summary>
    /// <param name="Code">The failure code as sent (e.g. INVALID_TICKET), empty when absent.</param>
    /// <param name="Message">The server's text, trimmed (not localised).</param>
    public sealed record Failure(string Code, string Message) : CasServiceResponse
    {
        /// <summary>French explanation of <see cref="Code"/>.</summary>
        public string FrenchExplanation => CasFailureMessages.French(Code);
    }

    /// <summary>The answer could not be understood; <paramref name="Reason"/> says why, in French.</summary>
    public sealed record Unreadable(string Reason) : CasServiceResponse;

    /// <summary>
    /// Parses a validation answer. Tries a strict, safe XML read (no DTD, no resolver, bounded size); when the XML is not
    /// well-formed, retries once after repairing the usual defects (bare <c>&amp;</c>, HTML entities, leading junk).
    /// Never throws.
    /// </summary>
    public static CasServiceResponse Parse(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            return new Unreadable("Le serveur CAS a renvoyé une réponse vide.");
        }

        if (xml.Length > CasXml.MaxCharacters)
        {
            return new Unreadable($"La réponse du serveur CAS est trop volumineuse ({xml.Length.ToString(CultureInfo.InvariantCulture)} caractères).");
        }

        if (xml.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || xml.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase))
        {
            return LooksLikeHtml(xml)
                ? new Unreadable("Le serveur CAS a renvoyé une page HTML au lieu d'une réponse CAS : vérifiez l'adresse de validation des tickets.")
                : new Unreadable("La réponse du serveur CAS contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité.");
        }

        XElement root;
        var repaired = false;
        try
        {
            root = CasXml.ReadRoot(xml, lenient: false);
        }
        catch (Exception e) when (e is XmlException or InvalidOperationException or RegexMatchTimeoutException)
        {
            var strictError = (e as XmlException)?.LineNumber > 0
                ? $" (ligne {((XmlException)e).LineNumber.ToString(CultureInfo.InvariantCulture)}, position {((XmlException)e).LinePosition.ToString(CultureInfo.InvariantCulture)})"
                : string.Empty;
            try
            {
                root = CasXml.ReadRoot(CasXml.Repair(xml), lenient: true);
                repaired = true;
            }
            catch (Exception e2) when (e2 is XmlException or InvalidOperationException or RegexMatchTimeoutException)
            {
                return LooksLikeHtml(xml)
                    ? new Unreadable("Le serveur CAS a renvoyé une page HTML au lieu d'une réponse CAS : vérifiez l'adresse de validation des tickets.")
                    : new Unreadable($"La réponse du serveur CAS n'est pas du XML lisible{strictError}, même après correction des « & » non échappés.");
            }
        }

        var result = Interpret(root);
        return repaired ? result with { Repaired = true } : result;
    }

    private static CasServiceResponse Interpret(XElement root)
    {
        if (root.Name.LocalName != "serviceResponse")
        {
            return root.Name.LocalName.Equals("html", StringComparison.OrdinalIgnoreCase)
                ? new Unreadable("Le serveur CAS a renvoyé une page HTML au lieu d'une réponse CAS : vérifiez l'adresse de validation des tickets.")
                : new Unreadable($"La réponse du serveur CAS n'est pas une réponse de validation CAS (élément racine « {Truncate(root.Name.LocalName)} »).");
        }

        if (root.Name.Namespace != Cas)
        {
            return new Unreadable($"La réponse du serveur CAS n'utilise pas l'espace de noms CAS attendu ({Namespace}) mais « {Truncate(root.Name.NamespaceName)} ».");
        }

        var first = root.Elements().FirstOrDefault();
        if (first is null || first.Name.Namespace != Cas)
        {
            return new Unreadable("La réponse du serveur CAS ne contient ni succès ni échec d'authentification.");
        }

        switch (first.Name.LocalName)
        {
            case "authenticationSuccess":
                return ReadSuccess(first);
            case "authenticationFailure":
                return new Failure(
                    ((string?)first.Attribute("code"))?.Trim() ?? string.Empty,
                    Truncate(first.Value.Trim(), 2000));
            case "proxySuccess":
            case "proxyFailure":
                return new Unreadable("Le serveur CAS a renvoyé une réponse de proxy au lieu d'une validation de ticket de service.");
            default:
                return new Unreadable($"La réponse du serveur CAS contient un élément inattendu « {Truncate(first.Name.LocalName)} ».");
        }
    }

    private static CasServiceResponse ReadSuccess(XElement success)
    {
        var user = success.Element(Cas + "user")?.Value.Trim();
        if (string.IsNullOrEmpty(user))
        {
            return new Unreadable("La réponse du serveur CAS indique un succès mais ne contient pas d'identifiant utilisateur (<cas:user>).");
        }

        Dictionary<string, List<string>>? attributes = null;
        foreach (var element in success.Elements())
        {
            if (element.Name.Namespace == Cas && element.Name.LocalName == "attributes")
            {
                foreach (var attribute in element.Elements())
                {
                    AddAttribute(ref attributes, attribute);
                }
            }
            else if (element.Name.Namespace == Cas
                     && element.Name.LocalName is "user" or "proxyGrantingTicket" or "proxies")
            {
                continue;
            }
            else if (!element.HasElements)
            {
                // Some CAS 2.0 servers release attributes directly under authenticationSuccess.
                AddAttribute(ref attributes, element);
            }
        }

        if (attributes is null)
        {
            return new Success(user, NoAttributes);
        }

        var result = new Dictionary<string, IReadOnlyList<string>>(attributes.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in attributes)
        {
            result[name] = values.AsReadOnly();
        }

        return new Success(user, result);
    }

    private static void AddAttribute(ref Dictionary<string, List<string>>? attributes, XElement element)
    {
        string name;
        string value;
        if (element.Name.LocalName == "attribute" && element.Attribute("name") is { } nameAttribute)
        {
            // "Name-Value" style: <cas:attribute name="x" value="y"/>.
            name = nameAttribute.Value.Trim();
            value = ((string?)element.Attribute("value") ?? element.Value).Trim();
        }
        else
        {
            name = element.Name.LocalName;
            value = element.Value.Trim();
        }

        if (name.Length == 0)
        {
            return;
        }

        attributes ??= new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        if (!attributes.TryGetValue(name, out var values))
        {
            values = new List<string>(1);
            attributes[name] = values;
        }

        values.Add(value);
    }

    private static bool LooksLikeHtml(string text) =>
        text.Contains("<html", StringComparison.OrdinalIgnoreCase) || text.Contains("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase);

    private static string Truncate(string value, int max = 100) => value.Length <= max ? value : value[..max] + "…";
}
