namespace Sacoche.Competences.Domain;

/// <summary>Special codes: never counted in any score.</summary>
public enum SpecialCode
{
    /// <summary>Absent.</summary>
    AB = 1,
    /// <summary>Dispensé.</summary>
    DI = 2,
    /// <summary>Non évalué.</summary>
    NE = 3,
    /// <summary>Non fait.</summary>
    NF = 4,
    /// <summary>Non noté — the default of an empty cell.</summary>
    NN = 5,
    /// <summary>Non rendu.</summary>
    NR = 6,
    /// <summary>À évaluer — a pending re-evaluation request, excluded from reports.</summary>
    PA = 7,
}

/// <summary>Description of a special code.</summary>
public sealed record SpecialCodeInfo(SpecialCode Code, string Sigle, string Legend, char Key, bool ShownInReports);

/// <summary>The fixed list of special codes (sigles, French legends, keyboard letters of the reference).</summary>
public static class SpecialCodes
{
    private static readonly SpecialCodeInfo[] Infos =
    [
        new(SpecialCode.AB, "AB", "Absent", 'A', true),
        new(SpecialCode.DI, "DI", "Dispensé", 'D', true),
        new(SpecialCode.NE, "NE", "Non évalué", 'E', true),
        new(SpecialCode.NF, "NF", "Non fait", 'F', true),
        new(SpecialCode.NN, "NN", "Non noté", 'N', true),
        new(SpecialCode.NR, "NR", "Non rendu", 'R', true),
        new(SpecialCode.PA, "PA", "À évaluer", 'P', false),
    ];

    /// <summary>All special codes in reference order (AB DI NE NF NN NR PA).</summary>
    public static IReadOnlyList<SpecialCodeInfo> All => Infos;

    public static SpecialCodeInfo Get(SpecialCode code)
    {
        int index = (int)code - 1;
        if ((uint)index >= (uint)Infos.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown special code.");
        }
        return Infos[index];
    }

    /// <summary>Parses a sigle ("AB", "ab", " nn "), case-insensitive.</summary>
    public static bool TryParse(string? sigle, out SpecialCode code)
    {
        code = default;
        if (sigle is null)
        {
            return false;
        }
        var span = sigle.AsSpan().Trim();
        foreach (var info in Infos)
        {
            if (span.Equals(info.Sigle, StringComparison.OrdinalIgnoreCase))
            {
                code = info.Code;
                return true;
            }
        }
        return false;
    }

    /// <summary>Finds the special code typed with keyboard letter <paramref name="key"/> (case-insensitive).</summary>
    public static bool TryGetByKey(char key, out SpecialCode code)
    {
        char upper = char.ToUpperInvariant(key);
        foreach (var info in Infos)
        {
            if (info.Key == upper)
            {
                code = info.Code;
                return true;
            }
        }
        code = default;
        return false;
    }
}
