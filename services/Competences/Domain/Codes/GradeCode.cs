namespace Sacoche.Competences.Domain;

/// <summary>
/// A grade code ("code de notation") of an establishment. <see cref="Id"/> is stable (1..6) and is
/// what entries store, so relabelling a code never rewrites history.
/// </summary>
/// <param name="Id">Stable identifier, 1 to 6.</param>
/// <param name="Sigle">Short label typed and displayed ("RR", "R", "V", "VV").</param>
/// <param name="Value">Value used by the scoring engine, 0 to 200.</param>
/// <param name="Legend">French legend ("Très insuffisant"…).</param>
/// <param name="Color">Display colour, "#RRGGBB".</param>
/// <param name="Key">Keyboard key used in the entry grid.</param>
/// <param name="Active">Only active codes can be typed and are counted in scores.</param>
public sealed record GradeCode(int Id, string Sigle, int Value, string Legend, string Color, char Key, bool Active);

/// <summary>Defaults and validation of an establishment's grade codes.</summary>
public static class GradeCodes
{
    public const int MinId = 1;
    public const int MaxId = 6;
    public const int MinValue = 0;
    public const int MaxValue = 200;
    public const int MinActive = 2;
    public const int MaxActive = 6;
    public const int MaxSigleLength = 3;
    public const int MaxLegendLength = 40;

    /// <summary>
    /// Reference defaults: RR 0, R 33, V 67, VV 100 active (ids 1–4); ids 5 and 6 exist but are
    /// inactive until an administrator enables them.
    /// </summary>
    public static IReadOnlyList<GradeCode> Defaults { get; } =
    [
        new(1, "RR", 0, "Très insuffisant", "#FF0000", '1', true),
        new(2, "R", 33, "Insuffisant", "#FF9900", '2', true),
        new(3, "V", 67, "Satisfaisant", "#99CC00", '3', true),
        new(4, "VV", 100, "Très satisfaisant", "#009900", '4', true),
        new(5, "X", 50, "Moyen", "#3366FF", '5', false),
        new(6, "XX", 100, "Excellent", "#9933CC", '6', false),
    ];

    /// <summary>The active codes of <paramref name="codes"/>, in id order.</summary>
    public static IReadOnlyList<GradeCode> ActiveOf(IReadOnlyList<GradeCode> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var result = new List<GradeCode>(codes.Count);
        foreach (var code in codes)
        {
            if (code.Active)
            {
                result.Add(code);
            }
        }
        result.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return result;
    }

    /// <summary>Checks a set of grade codes; returns French error messages (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<GradeCode> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var errors = new List<string>();
        var seenIds = new HashSet<int>();
        int active = 0;
        foreach (var code in codes)
        {
            if (code is null)
            {
                errors.Add("Un code de notation est absent.");
                continue;
            }
            if (code.Id is < MinId or > MaxId)
            {
                errors.Add($"Le code n° {code.Id} n'existe pas : les numéros vont de {MinId} à {MaxId}.");
            }
            else if (!seenIds.Add(code.Id))
            {
                errors.Add($"Le code n° {code.Id} apparaît plusieurs fois.");
            }
            if (code.Active)
            {
                active++;
            }
            ValidateOne(code, errors);
        }

        if (active is < MinActive or > MaxActive)
        {
            errors.Add($"{active} code(s) actif(s) : il en faut entre {MinActive} et {MaxActive}.");
        }

        // Sigles and keys must be unambiguous among active codes (inactive ones are never typed).
        var activeCodes = ActiveOf(codes);
        for (int i = 0; i < activeCodes.Count; i++)
        {
            for (int j = i + 1; j < activeCodes.Count; j++)
            {
                var a = activeCodes[i];
                var b = activeCodes[j];
                if (!string.IsNullOrWhiteSpace(a.Sigle)
                    && string.Equals(a.Sigle.Trim(), b.Sigle?.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"Les codes n° {a.Id} et n° {b.Id} ont le même sigle « {a.Sigle.Trim()} ».");
                }
                if (char.ToUpperInvariant(a.Key) == char.ToUpperInvariant(b.Key))
                {
                    errors.Add($"Les codes n° {a.Id} et n° {b.Id} utilisent la même touche « {a.Key} ».");
                }
            }
        }
        return errors;
    }

    private static void ValidateOne(GradeCode code, List<string> errors)
    {
        string who = $"Code n° {code.Id}";
        if (code.Value is < MinValue or > MaxValue)
        {
            errors.Add($"{who} : la valeur {code.Value} doit être comprise entre {MinValue} et {MaxValue}.");
        }

        string sigle = code.Sigle?.Trim() ?? "";
        if (sigle.Length == 0)
        {
            errors.Add($"{who} : le sigle est vide.");
        }
        else
        {
            if (sigle.Length > MaxSigleLength)
            {
                errors.Add($"{who} : le sigle « {sigle} » est trop long ({MaxSigleLength} caractères au plus).");
            }
            if (HasWhiteSpaceOrControl(sigle))
            {
                errors.Add($"{who} : le sigle « {sigle} » ne doit contenir ni espace ni caractère de contrôle.");
            }
            if (IsAllDigits(sigle))
            {
                errors.Add($"{who} : le sigle « {sigle} » ne peut pas être un nombre (les chiffres désignent les numéros de code).");
            }
            if (SpecialCodes.TryParse(sigle, out var special))
            {
                errors.Add($"{who} : le sigle « {sigle} » est réservé au code spécial {SpecialCodes.Get(special).Sigle}.");
            }
        }

        string legend = code.Legend?.Trim() ?? "";
        if (legend.Length == 0)
        {
            errors.Add($"{who} : la légende est vide.");
        }
        else if (legend.Length > MaxLegendLength)
        {
            errors.Add($"{who} : la légende est trop longue ({MaxLegendLength} caractères au plus).");
        }

        if (!ColorFormat.IsValid(code.Color))
        {
            errors.Add($"{who} : la couleur « {code.Color} » est invalide (format attendu #RRGGBB).");
        }

        if (char.IsWhiteSpace(code.Key) || char.IsControl(code.Key) || char.IsSurrogate(code.Key))
        {
            errors.Add($"{who} : la touche du clavier est invalide.");
        }
        else if (code.Active && SpecialCodes.TryGetByKey(code.Key, out var byKey))
        {
            errors.Add($"{who} : la touche « {code.Key} » est réservée au code spécial {SpecialCodes.Get(byKey).Sigle}.");
        }
    }

    private static bool HasWhiteSpaceOrControl(string s)
    {
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsAllDigits(string s)
    {
        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return s.Length > 0;
    }
}

/// <summary>"#RRGGBB" colour strings.</summary>
public static class ColorFormat
{
    public static bool IsValid(string? color)
    {
        if (color is null || color.Length != 7 || color[0] != '#')
        {
            return false;
        }
        for (int i = 1; i < 7; i++)
        {
            if (!char.IsAsciiHexDigit(color[i]))
            {
                return false;
            }
        }
        return true;
    }
}
