using System.Globalization;

namespace Sacoche.People.Ent;

/// <summary>
/// One ENT CAS connector of the catalog (one line of <c>ent-cas-connectors.tsv</c>).
/// The same connector may appear for several départements with the same settings.
/// </summary>
public sealed record EntConnector(
    string Connector,
    string? Department,
    string Label,
    string? Vendor,
    string CsvFormat,
    string? Host,
    int? Port,
    string? Root,
    string? UrlLogin,
    string? UrlLogout,
    string? UrlValidate,
    EntIdNormalization? IdNormalization)
{
    /// <summary>The manual configuration connector.</summary>
    public const string Manual = "perso";

    /// <summary>A catalog host <c>*.domain</c> means each school has its own sub-domain, to be completed.</summary>
    public bool RequiresSchoolSubdomain => Host is not null && Host.StartsWith("*.", StringComparison.Ordinal);

    /// <summary>Port <c>*</c> (or empty) in the catalog: the administrator chooses it.</summary>
    public bool RequiresPort => Port is null;

    /// <summary>Host with the school sub-domain filled in when the catalog host is <c>*.domain</c>.</summary>
    public string? ResolveHost(string? schoolSubdomain = null)
    {
        if (!RequiresSchoolSubdomain)
        {
            return Host;
        }

        string sub = (schoolSubdomain ?? string.Empty).Trim().Trim('.');
        if (sub.Length == 0 || sub.Contains('/', StringComparison.Ordinal) || sub.Contains(':', StringComparison.Ordinal) || sub.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Le connecteur « {Connector} » demande le sous-domaine de l'établissement (hôte {Host}).",
                nameof(schoolSubdomain));
        }

        return string.Concat(sub, Host!.AsSpan(1));
    }

    /// <summary>Trims the id, removes invisible characters and applies the connector's rule if any.</summary>
    public string NormalizeId(string raw) => EntIdNormalization.Clean(raw, IdNormalization);

    public override string ToString() => string.IsNullOrEmpty(Department)
        ? $"{Connector} — {Label}"
        : string.Create(CultureInfo.InvariantCulture, $"{Connector} ({Department}) — {Label}");
}
