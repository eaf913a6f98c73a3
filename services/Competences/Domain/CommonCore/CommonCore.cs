namespace Sacoche.Competences.Domain;

/// <summary>
/// The eight components of the common core (socle commun 2016). Numeric values follow the
/// reference numbering (domain 1 split into 1.1–1.4, then domains 2 to 5).
/// </summary>
public enum CommonCoreComponent
{
    CpdFra = 11,
    CpdEtr = 12,
    CpdSci = 13,
    CpdArt = 14,
    MetApp = 20,
    FrmCit = 30,
    SysNat = 40,
    RepMnd = 50,
}

/// <summary>Code (as in LSU exports) and French label of a component.</summary>
public sealed record CommonCoreComponentInfo(CommonCoreComponent Component, string Code, string Label);

/// <summary>A link from an item to a component for a cycle (2, 3 or 4).</summary>
public readonly record struct CommonCoreLink(int Cycle, CommonCoreComponent Component);

/// <summary>Cycles and components of the common core.</summary>
public static class CommonCore
{
    private static readonly CommonCoreComponentInfo[] Infos =
    [
        new(CommonCoreComponent.CpdFra, "CPD_FRA", "Comprendre, s'exprimer en utilisant la langue française à l'oral et à l'écrit"),
        new(CommonCoreComponent.CpdEtr, "CPD_ETR", "Comprendre, s'exprimer en utilisant une langue étrangère et, le cas échéant, une langue régionale"),
        new(CommonCoreComponent.CpdSci, "CPD_SCI", "Comprendre, s'exprimer en utilisant les langages mathématiques, scientifiques et informatiques"),
        new(CommonCoreComponent.CpdArt, "CPD_ART", "Comprendre, s'exprimer en utilisant les langages des arts et du corps"),
        new(CommonCoreComponent.MetApp, "MET_APP", "Les méthodes et outils pour apprendre"),
        new(CommonCoreComponent.FrmCit, "FRM_CIT", "La formation de la personne et du citoyen"),
        new(CommonCoreComponent.SysNat, "SYS_NAT", "Les systèmes naturels et les systèmes techniques"),
        new(CommonCoreComponent.RepMnd, "REP_MND", "Les représentations du monde et l'activité humaine"),
    ];

    /// <summary>The eight components in official order.</summary>
    public static IReadOnlyList<CommonCoreComponentInfo> Components => Infos;

    /// <summary>Cycles 2 (CP–CE2), 3 (CM1–6e), 4 (5e–3e).</summary>
    public static IReadOnlyList<int> Cycles { get; } = [2, 3, 4];

    public static bool IsValidCycle(int cycle) => cycle is >= 2 and <= 4;

    public static string CycleLabel(int cycle) => cycle switch
    {
        2 => "Cycle 2 (CP, CE1, CE2)",
        3 => "Cycle 3 (CM1, CM2, 6e)",
        4 => "Cycle 4 (5e, 4e, 3e)",
        _ => throw new ArgumentOutOfRangeException(nameof(cycle), cycle, "Cycles are 2, 3 and 4."),
    };

    public static CommonCoreComponentInfo Get(CommonCoreComponent component)
    {
        foreach (var info in Infos)
        {
            if (info.Component == component)
            {
                return info;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(component), component, "Unknown common core component.");
    }

    public static string Code(this CommonCoreComponent component) => Get(component).Code;

    public static string Label(this CommonCoreComponent component) => Get(component).Label;

    /// <summary>Parses a code ("CPD_FRA", case-insensitive) or the reference number ("11", "20"…).</summary>
    public static bool TryParse(string? text, out CommonCoreComponent component)
    {
        var span = text.AsSpan().Trim();
        foreach (var info in Infos)
        {
            if (span.Equals(info.Code, StringComparison.OrdinalIgnoreCase)
                || (int.TryParse(span, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number)
                    && number == (int)info.Component))
            {
                component = info.Component;
                return true;
            }
        }
        component = default;
        return false;
    }
}
