
namespace Sacoche.Competences.Domain;

/// <summary>How a subject's positioning is shown on the bulletin.</summary>
public enum PositioningMode
{
    /// <summary>« Échelle de 1 à 4 ».</summary>
    Position,
    /// <summary>« Objectifs d'apprentissage »: 1 Non atteints … 4 Dépassés.</summary>
    Objectif,
    /// <summary>« Moyenne sur 20 » = mean / 5, one decimal.</summary>
    Moyenne,
}

/// <summary>
/// Positioning of a subject for a period: the mean (0–100) of the student's scores of that subject's items
/// evaluated in the period, mapped on thresholds (levels 1–4) or turned into a mark out of 20.
/// <see cref="Thresholds"/> are the lower bounds of levels 2, 3 and 4 (level 1 starts at 0).
/// </summary>
public sealed record PositioningScale(PositioningMode Mode, int From2, int From3, int From4)
{
    public static PositioningScale DefaultPosition { get; } = new(PositioningMode.Position, 25, 50, 75);

    public static PositioningScale DefaultObjectif { get; } = new(PositioningMode.Objectif, 35, 65, 90);

    public static PositioningScale DefaultMoyenne { get; } = new(PositioningMode.Moyenne, 25, 50, 75);

    public static PositioningScale DefaultFor(PositioningMode mode) => mode switch
    {
        PositioningMode.Objectif => DefaultObjectif,
        PositioningMode.Moyenne => DefaultMoyenne,
        _ => DefaultPosition,
    };

    /// <summary>The computed value: level 1–4, or the mark out of 20 in mode « moyenne ». A mean above 100 counts as 100.</summary>
    public decimal Compute(int mean)
    {
        int m = Math.Clamp(mean, 0, 100);
        if (Mode == PositioningMode.Moyenne)
        {
            return Aggregates.OutOf20(m);
        }
        return m >= From4 ? 4 : m >= From3 ? 3 : m >= From2 ? 2 : 1;
    }

    /// <summary>French label of a level (« Atteints », « 3 »…) or of a mark (« 14,5/20 »).</summary>
    public string Label(decimal value) => Mode switch
    {
        PositioningMode.Moyenne => $"{value.ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))}/20",
        PositioningMode.Objectif => value switch
        {
            1 => "Non atteints",
            2 => "Partiellement atteints",
            3 => "Atteints",
            4 => "Dépassés",
            _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        _ => value.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A teacher's override: a level 1–4, or a mark 0–20 with one decimal at most in mode « moyenne ».</summary>
    public string? ValidateOverride(decimal value) => Mode switch
    {
        PositioningMode.Moyenne when value is < 0 or > 20 || decimal.Round(value, 1) != value =>
            $"La note {value} doit être comprise entre 0 et 20, avec une décimale au plus.",
        PositioningMode.Moyenne => null,
        _ when value is 1 or 2 or 3 or 4 => null,
        _ => $"Le positionnement {value} doit être 1, 2, 3 ou 4.",
    };

    /// <summary>French errors of the thresholds (empty when valid): 0 &lt; from2 &lt; from3 &lt; from4 ≤ 100.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (From2 > 0 && From2 < From3 && From3 < From4 && From4 <= 100)
        {
            return [];
        }
        return [$"Les seuils du positionnement ({From2}, {From3}, {From4}) doivent croître strictement entre 1 et 100 : niveau 2 à partir de…, niveau 3 à partir de…, niveau 4 à partir de…."];
    }

    public static bool TryParseMode(string? code, out PositioningMode mode)
    {
        switch (code?.Trim())
        {
            case "position": mode = PositioningMode.Position; return true;
            case "objectif": mode = PositioningMode.Objectif; return true;
            case "moyenne": mode = PositioningMode.Moyenne; return true;
            default: mode = PositioningMode.Position; return false;
        }
    }

    public static string ModeCode(PositioningMode mode) => mode switch
    {
        PositioningMode.Objectif => "objectif",
        PositioningMode.Moyenne => "moyenne",
        _ => "position",
    };
}
