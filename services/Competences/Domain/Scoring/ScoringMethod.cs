using System.Globalization;

namespace Sacoche.Competences.Domain;

/// <summary>How the values of one item are combined into a score (per referential).</summary>
public enum ScoringMethod
{
    /// <summary>Weights 1, 2, 4, 8… oldest → newest (reference default).</summary>
    Geometrique,
    /// <summary>Weights 1, 2, 3…</summary>
    Arithmetique,
    /// <summary>All weights 1.</summary>
    Classique,
    /// <summary>Best value.</summary>
    Bestof1,
    /// <summary>Mean of the best 2 values.</summary>
    Bestof2,
    /// <summary>Mean of the best 3 values.</summary>
    Bestof3,
    /// <summary>Most frequent value; ties to the lowest.</summary>
    Frequencemin,
    /// <summary>Most frequent value; ties to the highest.</summary>
    Frequencemax,
}

/// <summary>Reference strings, French labels and allowed limits of scoring methods.</summary>
public static class ScoringMethods
{
    public const ScoringMethod Default = ScoringMethod.Geometrique;
    public const int DefaultLimit = 5;

    private static readonly int[] CommonLimits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 30, 40, 50];
    private static readonly int[] GeometricLimits = [1, 2, 3, 4, 5];
    private static readonly int[] ArithmeticLimits = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    private static readonly int[] Bestof2Limits = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 30, 40, 50];
    private static readonly int[] Bestof3Limits = [0, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 30, 40, 50];

    /// <summary>All methods in reference order.</summary>
    public static IReadOnlyList<ScoringMethod> All { get; } =
    [
        ScoringMethod.Geometrique, ScoringMethod.Arithmetique, ScoringMethod.Classique,
        ScoringMethod.Bestof1, ScoringMethod.Bestof2, ScoringMethod.Bestof3,
        ScoringMethod.Frequencemin, ScoringMethod.Frequencemax,
    ];

    /// <summary>The reference string: "geometrique", "arithmetique", "classique", "bestof1"…</summary>
    public static string ToReferenceString(this ScoringMethod method) => method switch
    {
        ScoringMethod.Geometrique => "geometrique",
        ScoringMethod.Arithmetique => "arithmetique",
        ScoringMethod.Classique => "classique",
        ScoringMethod.Bestof1 => "bestof1",
        ScoringMethod.Bestof2 => "bestof2",
        ScoringMethod.Bestof3 => "bestof3",
        ScoringMethod.Frequencemin => "frequencemin",
        ScoringMethod.Frequencemax => "frequencemax",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown scoring method."),
    };

    /// <summary>Parses a reference string (case-insensitive, surrounding spaces ignored).</summary>
    public static bool TryParse(string? text, out ScoringMethod method)
    {
        var span = text.AsSpan().Trim();
        foreach (var candidate in All)
        {
            if (span.Equals(candidate.ToReferenceString(), StringComparison.OrdinalIgnoreCase))
            {
                method = candidate;
                return true;
            }
        }
        method = Default;
        return false;
    }

    public static ScoringMethod Parse(string text) => TryParse(text, out var method)
        ? method
        : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Unknown scoring method '{text}'."));

    /// <summary>French label shown to users.</summary>
    public static string Label(this ScoringMethod method) => method switch
    {
        ScoringMethod.Geometrique => "Moyenne pondérée géométrique (coefficients 1, 2, 4, 8… du plus ancien au plus récent)",
        ScoringMethod.Arithmetique => "Moyenne pondérée arithmétique (coefficients 1, 2, 3, 4… du plus ancien au plus récent)",
        ScoringMethod.Classique => "Moyenne classique (coefficients égaux)",
        ScoringMethod.Bestof1 => "Meilleure note",
        ScoringMethod.Bestof2 => "Moyenne des 2 meilleures notes",
        ScoringMethod.Bestof3 => "Moyenne des 3 meilleures notes",
        ScoringMethod.Frequencemin => "Note la plus fréquente (la plus basse en cas d'égalité)",
        ScoringMethod.Frequencemax => "Note la plus fréquente (la plus haute en cas d'égalité)",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown scoring method."),
    };

    /// <summary>
    /// Limits allowed for a method, as in the reference: geometrique 1–5; arithmetique 1–9;
    /// bestof2 0 or 2+; bestof3 0 or 3+; others 0–10, 15, 20, 30, 40, 50 (0 = all values).
    /// bestof2/bestof3 use the same list above their minimum.
    /// </summary>
    public static IReadOnlyList<int> AllowedLimits(this ScoringMethod method) => LimitsOf(method);

    public static bool IsLimitAllowed(this ScoringMethod method, int limit) =>
        Array.IndexOf(LimitsOf(method), limit) >= 0;

    private static int[] LimitsOf(ScoringMethod method) => method switch
    {
        ScoringMethod.Geometrique => GeometricLimits,
        ScoringMethod.Arithmetique => ArithmeticLimits,
        ScoringMethod.Bestof2 => Bestof2Limits,
        ScoringMethod.Bestof3 => Bestof3Limits,
        ScoringMethod.Classique or ScoringMethod.Bestof1 or ScoringMethod.Frequencemin or ScoringMethod.Frequencemax => CommonLimits,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown scoring method."),
    };

    /// <summary>Null when <paramref name="limit"/> is allowed for <paramref name="method"/>, else a French error.</summary>
    public static string? ValidateLimit(ScoringMethod method, int limit)
    {
        if (!Enum.IsDefined(method))
        {
            return "Méthode de calcul inconnue.";
        }
        if (method.IsLimitAllowed(limit))
        {
            return null;
        }
        string allowed = method switch
        {
            ScoringMethod.Geometrique => "de 1 à 5",
            ScoringMethod.Arithmetique => "de 1 à 9",
            ScoringMethod.Bestof2 => "0 (toutes les notes), de 2 à 10, 15, 20, 30, 40 ou 50",
            ScoringMethod.Bestof3 => "0 (toutes les notes), de 3 à 10, 15, 20, 30, 40 ou 50",
            _ => "0 (toutes les notes), de 1 à 10, 15, 20, 30, 40 ou 50",
        };
        return $"Nombre de notes pris en compte ({limit}) non autorisé pour la méthode « {method.Label()} » : valeurs permises {allowed}.";
    }
}

/// <summary>Which entries before the period start count (per referential).</summary>
public enum Retroactivity
{
    /// <summary>"non": only entries inside the period.</summary>
    Non,
    /// <summary>"oui": all earlier entries too.</summary>
    Oui,
    /// <summary>"annuel": earlier entries of the current school year only.</summary>
    Annuel,
}

/// <summary>Reference strings and French labels of <see cref="Retroactivity"/>.</summary>
public static class Retroactivities
{
    public static IReadOnlyList<Retroactivity> All { get; } = [Retroactivity.Non, Retroactivity.Oui, Retroactivity.Annuel];

    public static string ToReferenceString(this Retroactivity value) => value switch
    {
        Retroactivity.Non => "non",
        Retroactivity.Oui => "oui",
        Retroactivity.Annuel => "annuel",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown retroactivity."),
    };

    public static bool TryParse(string? text, out Retroactivity value)
    {
        var span = text.AsSpan().Trim();
        foreach (var candidate in All)
        {
            if (span.Equals(candidate.ToReferenceString(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = Retroactivity.Non;
        return false;
    }

    public static Retroactivity Parse(string text) => TryParse(text, out var value)
        ? value
        : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Unknown retroactivity '{text}'."));

    public static string Label(this Retroactivity value) => value switch
    {
        Retroactivity.Non => "Non : seules les saisies de la période comptent",
        Retroactivity.Oui => "Oui : les saisies antérieures comptent aussi",
        Retroactivity.Annuel => "Annuel : les saisies antérieures de l'année scolaire comptent aussi",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown retroactivity."),
    };
}
