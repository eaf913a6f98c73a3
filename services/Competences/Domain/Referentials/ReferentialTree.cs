using System.Globalization;

namespace Sacoche.Competences.Domain;

/// <summary>
/// The tree of a referential (subject × level): domains → themes → items. Orders are 1-based
/// positions among siblings.
/// </summary>
public sealed record ReferentialTree(IReadOnlyList<ReferentialDomain> Domains)
{
    public const int MaxDomains = 100;
    public const int MaxThemesPerDomain = 100;
    public const int MaxItemsPerTheme = 200;
    public const int MaxItems = 5000;
    public const int MaxRefLength = 20;
    public const int MaxDomainNameLength = 255;
    public const int MaxThemeNameLength = 255;
    public const int MaxItemNameLength = 255;
    public const int MaxAbbreviationLength = 15;
    public const int MaxCommentLength = 1000;
    public const int MaxLinkLength = 255;
    public const int MinCoefficient = 0;
    public const int MaxCoefficient = 20;

    public static ReferentialTree Empty { get; } = new([]);

    /// <summary>Number of items in the whole tree.</summary>
    public int ItemCount
    {
        get
        {
            int count = 0;
            foreach (var domain in Domains)
            {
                foreach (var theme in domain.Themes)
                {
                    count += theme.Items.Count;
                }
            }
            return count;
        }
    }

    /// <summary>Displayed reference of an item: <c>{levelRef}.{domainCode}{themeOrder}{itemOrder}</c>, e.g. "6e.A12".</summary>
    public static string DisplayReference(string levelRef, ReferentialDomain domain, ReferentialTheme theme, ReferentialItem item)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(theme);
        ArgumentNullException.ThrowIfNull(item);
        return string.Create(CultureInfo.InvariantCulture, $"{levelRef}.{domain.Code}{theme.Order}{item.Order}");
    }

    /// <summary>French errors naming the faulty element (empty when valid).</summary>
    public IReadOnlyList<string> Validate() => ReferentialValidator.Validate(this);
}

/// <summary>A domain: order, one-character code, reference, name, themes.</summary>
public sealed record ReferentialDomain(int Order, char Code, string Ref, string Name, IReadOnlyList<ReferentialTheme> Themes);

/// <summary>A theme: order, reference, name, items.</summary>
public sealed record ReferentialTheme(int Order, string Ref, string Name, IReadOnlyList<ReferentialItem> Items);

/// <summary>An item (one competence to assess).</summary>
public sealed record ReferentialItem(int Order, string Ref, string Name)
{
    /// <summary>Abbreviation, at most 15 characters ("" when none).</summary>
    public string Abbreviation { get; init; } = "";

    /// <summary>Coefficient in means, default 1 (0–20).</summary>
    public int Coefficient { get; init; } = 1;

    /// <summary>"cart" flag: students may request a re-evaluation.</summary>
    public bool Cart { get; init; } = true;

    /// <summary>Remediation link (absolute http/https URL) or null.</summary>
    public string? Link { get; init; }

    /// <summary>Comment or null.</summary>
    public string? Comment { get; init; }

    /// <summary>Links to common core components (cycle, component).</summary>
    public IReadOnlyList<CommonCoreLink> CommonCoreLinks { get; init; } = [];
}

internal static class ReferentialValidator
{
    public const int MaxErrors = 100;

    public static IReadOnlyList<string> Validate(ReferentialTree tree)
    {
        var errors = new List<string>();
        if (tree.Domains.Count > ReferentialTree.MaxDomains)
        {
            errors.Add($"Trop de domaines ({tree.Domains.Count}) : {ReferentialTree.MaxDomains} au plus.");
        }
        int items = 0;
        for (int d = 0; d < tree.Domains.Count && errors.Count < MaxErrors; d++)
        {
            var domain = tree.Domains[d];
            string domainWho = Names.Domain(d + 1, domain.Name);
            CheckDomain(domainWho, domain.Code, domain.Ref, domain.Name, errors);
            if (domain.Themes.Count > ReferentialTree.MaxThemesPerDomain)
            {
                errors.Add($"{domainWho} : trop de thèmes ({domain.Themes.Count}) : {ReferentialTree.MaxThemesPerDomain} au plus.");
            }
            for (int t = 0; t < domain.Themes.Count && errors.Count < MaxErrors; t++)
            {
                var theme = domain.Themes[t];
                string themeWho = Names.Theme(t + 1, domain.Name);
                CheckTheme(themeWho, theme.Ref, theme.Name, errors);
                if (theme.Items.Count > ReferentialTree.MaxItemsPerTheme)
                {
                    errors.Add($"{Names.ThemeNamed(t + 1, theme.Name, domain.Name)} : trop d'items ({theme.Items.Count}) : {ReferentialTree.MaxItemsPerTheme} au plus.");
                }
                for (int i = 0; i < theme.Items.Count && errors.Count < MaxErrors; i++)
                {
                    items++;
                    var item = theme.Items[i];
                    string itemWho = Names.Item(i + 1, theme.Name);
                    CheckItem(itemWho, item, errors);
                    var seen = new HashSet<CommonCoreLink>();
                    foreach (var link in item.CommonCoreLinks)
                    {
                        if (!CommonCore.IsValidCycle(link.Cycle))
                        {
                            errors.Add($"{itemWho} : cycle du socle « {link.Cycle} » invalide (2, 3 ou 4 attendu).");
                        }
                        if (!Enum.IsDefined(link.Component))
                        {
                            errors.Add($"{itemWho} : composante du socle inconnue.");
                        }
                        if (!seen.Add(link))
                        {
                            errors.Add($"{itemWho} : lien au socle en double (cycle {link.Cycle}, {SafeCode(link.Component)}).");
                        }
                    }
                }
            }
        }
        if (items > ReferentialTree.MaxItems)
        {
            errors.Add($"Trop d'items ({items}) : {ReferentialTree.MaxItems} au plus.");
        }
        return errors;
    }

    public static void CheckDomain(string who, char code, string? reference, string? name, List<string> errors)
    {
        if (!char.IsAsciiLetterOrDigit(code))
        {
            errors.Add($"{who} : code « {code} » invalide (une lettre ou un chiffre attendu).");
        }
        CheckRef(who, reference, errors);
        CheckName(who, name, ReferentialTree.MaxDomainNameLength, errors);
    }

    public static void CheckTheme(string who, string? reference, string? name, List<string> errors)
    {
        CheckRef(who, reference, errors);
        CheckName(who, name, ReferentialTree.MaxThemeNameLength, errors);
    }

    public static void CheckItem(string who, ReferentialItem item, List<string> errors)
    {
        CheckRef(who, item.Ref, errors);
        CheckName(who, item.Name, ReferentialTree.MaxItemNameLength, errors);
        if ((item.Abbreviation?.Length ?? 0) > ReferentialTree.MaxAbbreviationLength)
        {
            errors.Add($"{who} : abréviation trop longue ({ReferentialTree.MaxAbbreviationLength} caractères au plus).");
        }
        if (item.Coefficient is < ReferentialTree.MinCoefficient or > ReferentialTree.MaxCoefficient)
        {
            errors.Add($"{who} : coefficient {item.Coefficient} invalide (de {ReferentialTree.MinCoefficient} à {ReferentialTree.MaxCoefficient}).");
        }
        if (item.Link is { Length: > 0 } link && !IsValidLink(link))
        {
            errors.Add($"{who} : lien « {Shorten(link)} » invalide (adresse http:// ou https:// attendue, {ReferentialTree.MaxLinkLength} caractères au plus).");
        }
        if ((item.Comment?.Length ?? 0) > ReferentialTree.MaxCommentLength)
        {
            errors.Add($"{who} : commentaire trop long ({ReferentialTree.MaxCommentLength} caractères au plus).");
        }
    }

    public static bool IsValidLink(string link) =>
        link.Length <= ReferentialTree.MaxLinkLength
        && Uri.TryCreate(link, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static void CheckRef(string who, string? reference, List<string> errors)
    {
        if ((reference?.Length ?? 0) > ReferentialTree.MaxRefLength)
        {
            errors.Add($"{who} : référence trop longue ({ReferentialTree.MaxRefLength} caractères au plus).");
        }
    }

    public static void CheckName(string who, string? name, int max, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"{who} : nom vide");
        }
        else if (name.Length > max)
        {
            errors.Add($"{who} : nom trop long ({name.Length} caractères, {max} au plus)");
        }
    }

    private static string SafeCode(CommonCoreComponent component) =>
        Enum.IsDefined(component) ? component.Code() : ((int)component).ToString(CultureInfo.InvariantCulture);

    internal static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}

/// <summary>How error messages name elements: « item n° 3 du thème « Nombres » ».</summary>
internal static class Names
{
    public static string Domain(int position, string? name) =>
        string.IsNullOrWhiteSpace(name) ? $"domaine n° {position}" : $"domaine n° {position} « {Short(name)} »";

    public static string Theme(int position, string? domainName) =>
        $"thème n° {position} du domaine « {Short(domainName)} »";

    public static string ThemeNamed(int position, string? themeName, string? domainName) =>
        $"thème n° {position} « {Short(themeName)} » du domaine « {Short(domainName)} »";

    public static string Item(int position, string? themeName) =>
        $"item n° {position} du thème « {Short(themeName)} »";

    public static string Socle(int position, int itemPosition, string? themeName) =>
        $"lien au socle n° {position} de l'item n° {itemPosition} du thème « {Short(themeName)} »";

    private static string Short(string? name) => ReferentialValidator.Shorten(name?.Trim() ?? "");
}
