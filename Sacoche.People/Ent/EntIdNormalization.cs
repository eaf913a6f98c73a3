using System.Text.RegularExpressions;

namespace Sacoche.People.Ent;

/// <summary>
/// A per-connector rewrite of the ids found in an ENT export, modelled as data:
/// a .NET regular expression and its replacement (<c>$1</c>-style groups allowed).
/// The rewrite is applied once, after trimming; an id the pattern does not match is kept as is.
/// </summary>
public sealed record EntIdNormalization(string Pattern, string Replacement)
{
    private Regex? _regex;

    /// <summary>
    /// Lilie / Celi@ (Logica, now OPEN ENT NG) exported ids as <c>ID : 75185265</c> while CAS
    /// returns <c>UT75185265</c>. The reference applied this to every connector named
    /// <c>logica_*</c>; PCN has exported clean ids since 2014 (it is now <c>openent_pcn</c>, no rule).
    /// In the catalog only <c>logica_elie</c> (format <c>openent</c>) keeps the prefix.
    /// The rule is per connector rather than per CSV format because other <c>openent</c>
    /// connectors (PCN, MonLycée.net) export clean ids.
    /// </summary>
    public static EntIdNormalization LogicaIdPrefix { get; } = new(@"^ID\s*:\s*", "UT");

    private Regex Regex => _regex ??= new Regex(
        Pattern,
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
        TimeSpan.FromMilliseconds(100));

    // The cached regex must not take part in record equality.
    public bool Equals(EntIdNormalization? other) =>
        other is not null && Pattern == other.Pattern && Replacement == other.Replacement;

    public override int GetHashCode() => HashCode.Combine(Pattern, Replacement);

    /// <summary>Applies the rule to an already trimmed id.</summary>
    public string Apply(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        try
        {
            return Regex.Replace(id, Replacement, 1);
        }
        catch (RegexMatchTimeoutException)
        {
            return id;
        }
    }

    /// <summary>Built-in rule for a connector when the catalog does not give one (null: none).</summary>
    public static EntIdNormalization? BuiltInFor(string connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        return connector.StartsWith("logica_", StringComparison.OrdinalIgnoreCase) ? LogicaIdPrefix : null;
    }

    /// <summary>
    /// Trims an id and removes invisible characters often pasted by spreadsheets
    /// (no-break and zero-width spaces, BOM, surrounding quotes), then applies <paramref name="rule"/>.
    /// </summary>
    public static string Clean(string raw, EntIdNormalization? rule)
    {
        ArgumentNullException.ThrowIfNull(raw);
        string id = raw
            .Replace('\u00A0', ' ')
            .Replace('\u202F', ' ')
            .Replace("\u200B", string.Empty, StringComparison.Ordinal)
            .Replace("\uFEFF", string.Empty, StringComparison.Ordinal)
            .Trim();
        if (id.Length >= 2 && id[0] == '"' && id[^1] == '"')
        {
            id = id[1..^1].Trim();
        }

        return rule is null || id.Length == 0 ? id : rule.Apply(id).Trim();
    }
}
