using System.Globalization;
using System.Text;

namespace Sacoche.Identity.Domain.Cas;

/// <summary>CAS protocol version used to validate tickets.</summary>
public enum CasProtocolVersion
{
    /// <summary>CAS 3.0: <c>/p3/serviceValidate</c>, attributes released.</summary>
    Cas30,

    /// <summary>CAS 2.0: <c>/serviceValidate</c>, no attributes.</summary>
    Cas20,
}

/// <summary>URL scheme of a CAS server. <see cref="Http"/> is only accepted for tests (see <see cref="CasServerSettings.AllowHttp"/>).</summary>
public enum CasUrlScheme
{
    Https,
    Http,
}

/// <summary>A validation error of the CAS settings of an establishment, in French, tied to the field it concerns.</summary>
public sealed record CasSettingsError(string Field, string Message);

/// <summary>
/// The CAS server settings of one establishment and the URLs derived from them
/// (Apereo CAS protocol 3.0 / 2.0). Immutable; never throws at construction: call
/// <see cref="Validate"/> (or <see cref="IsValid"/>) to get French error messages.
/// URL builders throw <see cref="InvalidOperationException"/> when the settings are invalid.
/// </summary>
public sealed class CasServerSettings
{
    public const int DefaultHttpsPort = 443;
    public const int DefaultHttpPort = 80;
    public const string Protocol30 = "3.0";
    public const string Protocol20 = "2.0";

    // Field names reported in CasSettingsError.Field.
    public const string HostField = "host";
    public const string PortField = "port";
    public const string RootField = "root";
    public const string LoginUrlField = "loginUrl";
    public const string ValidateUrlField = "validateUrl";
    public const string LogoutUrlField = "logoutUrl";
    public const string ProtocolField = "protocol";
    public const string SchemeField = "scheme";

    private readonly IReadOnlyList<CasSettingsError> _errors;
    private readonly string? _baseUrl;

    public CasServerSettings(
        string? host,
        int port = DefaultHttpsPort,
        string? root = null,
        string? loginUrl = null,
        string? validateUrl = null,
        string? logoutUrl = null,
        string? protocol = Protocol30,
        bool verifyTls = true,
        CasUrlScheme scheme = CasUrlScheme.Https,
        bool allowHttp = false)
    {
        Host = (host ?? string.Empty).Trim();
        Port = port;
        Root = (root ?? string.Empty).Trim().Trim('/');
        LoginUrlOverride = NullIfBlank(loginUrl);
        ValidateUrlOverride = NullIfBlank(validateUrl);
        LogoutUrlOverride = NullIfBlank(logoutUrl);
        Protocol = string.IsNullOrWhiteSpace(protocol) ? Protocol30 : protocol.Trim();
        ProtocolVersion = Protocol == Protocol20 ? CasProtocolVersion.Cas20 : CasProtocolVersion.Cas30;
        VerifyTls = verifyTls;
        Scheme = scheme;
        AllowHttp = allowHttp;

        _errors = ComputeErrors();
        if (_errors.Count == 0)
        {
            _baseUrl = ComputeBaseUrl();
        }
    }

    /// <summary>Host name (or IP address) of the CAS server, trimmed, without scheme or port.</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>Root path, without leading or trailing slash; empty when the CAS server is at the host root.</summary>
    public string Root { get; }

    public string? LoginUrlOverride { get; }

    public string? ValidateUrlOverride { get; }

    public string? LogoutUrlOverride { get; }

    /// <summary>Protocol as configured ("3.0" or "2.0"; blank means "3.0").</summary>
    public string Protocol { get; }

    /// <summary>Protocol version; meaningful only when <see cref="IsValid"/>.</summary>
    public CasProtocolVersion ProtocolVersion { get; }

    /// <summary>Whether the server-to-server validation call verifies the TLS certificate.</summary>
    public bool VerifyTls { get; }

    public CasUrlScheme Scheme { get; }

    /// <summary>Accept the <c>http</c> scheme (tests only).</summary>
    public bool AllowHttp { get; }

    public bool IsValid => _errors.Count == 0;

    /// <summary>The French validation errors; empty when the settings are usable.</summary>
    public IReadOnlyList<CasSettingsError> Validate() => _errors;

    /// <summary><c>{scheme}://{host}[:{port}][/{root}]</c>, the port omitted when it is the scheme's default (443 for https).</summary>
    public string BaseUrl => _baseUrl ?? throw Invalid();

    /// <summary>The URL to redirect the browser to: <c>{base}/login?service=…</c> (or the login override).</summary>
    public string LoginUrl(string service)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        EnsureValid();
        var endpoint = LoginUrlOverride ?? BaseUrl + "/login";
        return AppendQuery(endpoint, "service=" + Uri.EscapeDataString(service));
    }

    /// <summary>
    /// The server-to-server validation URL: <c>{base}/p3/serviceValidate</c> (3.0) or <c>{base}/serviceValidate</c> (2.0),
    /// or the validate override, with <c>service</c> and <c>ticket</c> URL-encoded.
    /// </summary>
    public string ValidateUrl(string service, string ticket)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(ticket);
        EnsureValid();
        var endpoint = ValidateUrlOverride
            ?? BaseUrl + (ProtocolVersion == CasProtocolVersion.Cas20 ? "/serviceValidate" : "/p3/serviceValidate");
        return AppendQuery(endpoint, "service=" + Uri.EscapeDataString(service) + "&ticket=" + Uri.EscapeDataString(ticket));
    }

    /// <summary>The logout URL: <c>{base}/logout</c> (or the override), with <c>?service=…</c> when a service is given.</summary>
    public string LogoutUrl(string? service = null)
    {
        EnsureValid();
        var endpoint = LogoutUrlOverride ?? BaseUrl + "/logout";
        return string.IsNullOrEmpty(service) ? endpoint : AppendQuery(endpoint, "service=" + Uri.EscapeDataString(service));
    }

    private void EnsureValid()
    {
        if (_errors.Count > 0)
        {
            throw Invalid();
        }
    }

    private InvalidOperationException Invalid() =>
        new("Paramètres CAS invalides : " + string.Join(" ", _errors.Select(e => e.Message)));

    private static string AppendQuery(string endpoint, string query)
    {
        // Keep a fragment (if any, overrides reject it anyway) after the query.
        var hash = endpoint.IndexOf('#', StringComparison.Ordinal);
        var fragment = hash >= 0 ? endpoint[hash..] : string.Empty;
        var head = hash >= 0 ? endpoint[..hash] : endpoint;
        char separator;
        if (!head.Contains('?', StringComparison.Ordinal))
        {
            separator = '?';
        }
        else if (head.EndsWith('?') || head.EndsWith('&'))
        {
            return head + query + fragment;
        }
        else
        {
            separator = '&';
        }

        return head + separator + query + fragment;
    }

    private string ComputeBaseUrl()
    {
        var scheme = Scheme == CasUrlScheme.Http ? "http" : "https";
        var defaultPort = Scheme == CasUrlScheme.Http ? DefaultHttpPort : DefaultHttpsPort;
        var host = Uri.CheckHostName(Host) == UriHostNameType.IPv6 && !Host.StartsWith('[') ? "[" + Host + "]" : Host;
        var sb = new StringBuilder(scheme.Length + host.Length + Root.Length + 12);
        sb.Append(scheme).Append("://").Append(host);
        if (Port != defaultPort)
        {
            sb.Append(':').Append(Port.ToString(CultureInfo.InvariantCulture));
        }

        if (Root.Length > 0)
        {
            sb.Append('/').Append(Root);
        }

        return sb.ToString();
    }

    private List<CasSettingsError> ComputeErrors()
    {
        var errors = new List<CasSettingsError>();

        if (Scheme is not (CasUrlScheme.Https or CasUrlScheme.Http))
        {
            errors.Add(new(SchemeField, "Le protocole d'accès au serveur CAS doit être https."));
        }
        else if (Scheme == CasUrlScheme.Http && !AllowHttp)
        {
            errors.Add(new(SchemeField, "Le serveur CAS doit être joint en https (http n'est accepté que pour les tests)."));
        }

        CheckHost(errors);

        if (Port is < 1 or > 65535)
        {
            errors.Add(new(PortField, $"Le port du serveur CAS doit être un nombre entre 1 et 65535 (reçu : {Port.ToString(CultureInfo.InvariantCulture)})."));
        }

        if (Root.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '?' or '#' or '\\')
            || Root.Contains("//", StringComparison.Ordinal)
            || Root.Split('/').Any(segment => segment is "." or ".."))
        {
            errors.Add(new(RootField, $"Le chemin du serveur CAS « {Root} » est invalide : il ne doit contenir ni espace, ni « ? », ni « # », ni « \\ », ni segment « . » ou « .. »."));
        }

        CheckOverride(errors, LoginUrlField, "connexion (login)", LoginUrlOverride);
        CheckOverride(errors, ValidateUrlField, "validation des tickets (serviceValidate)", ValidateUrlOverride);
        CheckOverride(errors, LogoutUrlField, "déconnexion (logout)", LogoutUrlOverride);

        if (Protocol is not (Protocol30 or Protocol20))
        {
            errors.Add(new(ProtocolField, $"Version du protocole CAS non prise en charge : « {Protocol} » (3.0 ou 2.0 attendu)."));
        }

        return errors;
    }

    private void CheckHost(List<CasSettingsError> errors)
    {
        if (Host.Length == 0)
        {
            errors.Add(new(HostField, "L'adresse (nom d'hôte) du serveur CAS est obligatoire."));
            return;
        }

        if (Host.Contains('*', StringComparison.Ordinal))
        {
            errors.Add(new(HostField, $"Le nom d'hôte du serveur CAS « {Host} » contient encore « * » : remplacez-le par le sous-domaine propre à l'établissement."));
            return;
        }

        if (Host.Contains("://", StringComparison.Ordinal))
        {
            errors.Add(new(HostField, $"Indiquez seulement le nom d'hôte du serveur CAS, sans « https:// » ni chemin (reçu : « {Host} »)."));
            return;
        }

        var kind = Uri.CheckHostName(Host);
        if (kind is UriHostNameType.Unknown or UriHostNameType.Basic)
        {
            errors.Add(new(HostField, $"Le nom d'hôte du serveur CAS « {Host} » est invalide (ni chemin, ni port, ni espace : le port se renseigne à part)."));
        }
    }

    private void CheckOverride(List<CasSettingsError> errors, string field, string label, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host)
            || value.Any(char.IsWhiteSpace))
        {
            errors.Add(new(field, $"L'adresse de {label} doit être une URL complète commençant par https:// (reçu : « {value} »)."));
            return;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !AllowHttp)
        {
            errors.Add(new(field, $"L'adresse de {label} doit être en https (reçu : « {value} »)."));
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            errors.Add(new(field, $"L'adresse de {label} ne doit pas contenir de « # » (reçu : « {value} »)."));
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
