namespace Sacoche.Competences.Domain;

/// <summary>
/// An acquisition state ("état d'acquisition"): scores from <see cref="Min"/> to <see cref="Max"/>
/// (inclusive) map to it; <see cref="Weight"/> (0–100) feeds the percentage of items acquired.
/// </summary>
public sealed record AcquisitionState(int Id, int Min, int Max, int Weight, string Sigle, string Legend, string Color);

/// <summary>Defaults, validation and lookup of acquisition states.</summary>
public static class AcquisitionStates
{
    public const int MinCount = 2;
    public const int MaxCount = 6;
    public const int MaxSigleLength = 5;
    public const int MaxLegendLength = 40;

    /// <summary>Reference defaults: NA 0–39 (weight 0), VA 40–60 (50), A 61–100 (100).</summary>
    public static IReadOnlyList<AcquisitionState> Defaults { get; } =
    [
        new(1, 0, 39, 0, "NA", "Non acquis", "#FF9999"),
        new(2, 40, 60, 50, "VA", "Partiellement acquis", "#FFDD33"),
        new(3, 61, 100, 100, "A", "Acquis", "#99FF99"),
    ];

    /// <summary>
    /// Checks 2–6 states whose integer ranges start at 0, end at 100 and are contiguous
    /// (each starts one above the previous end). Returns French errors (empty when valid).
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<AcquisitionState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var errors = new List<string>();
        if (states.Count is < MinCount or > MaxCount)
        {
            errors.Add($"{states.Count} état(s) d'acquisition : il en faut entre {MinCount} et {MaxCount}.");
        }
        if (states.Count == 0)
        {
            return errors;
        }

        var ids = new HashSet<int>();
        var sigles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in states)
        {
            string who = "É" + Who(s)[1..];
            if (!ids.Add(s.Id))
            {
                errors.Add($"L'état n° {s.Id} apparaît plusieurs fois.");
            }
            string sigle = s.Sigle?.Trim() ?? "";
            if (sigle.Length == 0)
            {
                errors.Add($"{who} : le sigle est vide.");
            }
            else if (sigle.Length > MaxSigleLength)
            {
                errors.Add($"{who} : le sigle est trop long ({MaxSigleLength} caractères au plus).");
            }
            else if (!sigles.Add(sigle))
            {
                errors.Add($"Deux états ont le même sigle « {sigle} ».");
            }
            string legend = s.Legend?.Trim() ?? "";
            if (legend.Length == 0)
            {
                errors.Add($"{who} : la légende est vide.");
            }
            else if (legend.Length > MaxLegendLength)
            {
                errors.Add($"{who} : la légende est trop longue ({MaxLegendLength} caractères au plus).");
            }
            if (s.Weight is < 0 or > 100)
            {
                errors.Add($"{who} : le poids {s.Weight} doit être compris entre 0 et 100.");
            }
            if (s.Min > s.Max)
            {
                errors.Add($"{who} : le seuil bas {s.Min} dépasse le seuil haut {s.Max}.");
            }
            if (!ColorFormat.IsValid(s.Color))
            {
                errors.Add($"{who} : la couleur « {s.Color} » est invalide (format attendu #RRGGBB).");
            }
        }

        var sorted = Sorted(states);
        if (sorted[0].Min != 0)
        {
            errors.Add($"Le premier {Who(sorted[0])} doit commencer à 0, et non à {sorted[0].Min}.");
        }
        if (sorted[^1].Max != 100)
        {
            errors.Add($"Le dernier {Who(sorted[^1])} doit finir à 100, et non à {sorted[^1].Max}.");
        }
        for (int i = 1; i < sorted.Length; i++)
        {
            var previous = sorted[i - 1];
            var current = sorted[i];
            if (current.Min != previous.Max + 1)
            {
                errors.Add($"Les états {Quoted(previous)} ({previous.Min}–{previous.Max}) et {Quoted(current)} "
                    + $"({current.Min}–{current.Max}) ne sont pas contigus : le second doit commencer à {previous.Max + 1}.");
            }
        }
        return errors;
    }

    /// <summary>
    /// The state of a score. Scores above the highest threshold (possible with codes worth more
    /// than 100) map to the top state. <paramref name="states"/> must be valid (see <see cref="Validate"/>).
    /// </summary>
    public static AcquisitionState StateOf(IReadOnlyList<AcquisitionState> states, int score)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentOutOfRangeException.ThrowIfNegative(score);
        if (states.Count == 0)
        {
            throw new ArgumentException("No acquisition state configured.", nameof(states));
        }
        AcquisitionState top = states[0];
        for (int i = 0; i < states.Count; i++)
        {
            var s = states[i];
            if (score >= s.Min && score <= s.Max)
            {
                return s;
            }
            if (s.Max > top.Max)
            {
                top = s;
            }
        }
        if (score > top.Max)
        {
            return top;
        }
        throw new ArgumentException($"Acquisition states do not cover score {score}.", nameof(states));
    }

    private static AcquisitionState[] Sorted(IReadOnlyList<AcquisitionState> states)
    {
        var array = new AcquisitionState[states.Count];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = states[i];
        }
        Array.Sort(array, static (a, b) => a.Min != b.Min ? a.Min.CompareTo(b.Min) : a.Max.CompareTo(b.Max));
        return array;
    }

    private static string Quoted(AcquisitionState s) =>
        string.IsNullOrWhiteSpace(s.Sigle) ? $"n° {s.Id}" : $"« {s.Sigle.Trim()} »";

    private static string Who(AcquisitionState s) =>
        string.IsNullOrWhiteSpace(s.Sigle) ? $"état n° {s.Id}" : $"état « {s.Sigle.Trim()} »";
}
