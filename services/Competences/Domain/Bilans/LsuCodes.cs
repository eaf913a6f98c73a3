namespace Sacoche.Competences.Domain;

/// <summary>A code of the national LSU nomenclatures and its French label.</summary>
public sealed record LsuCode(string Code, string Label);

/// <summary>
/// The LSU nomenclatures written by the bilans (docs/domain/bilans.md, docs/domain/common-core.md): the « enseignement de
/// complément » of the end-of-cycle bilan and its level, the parcours éducatifs of a class, the accompaniment measures of a student.
/// </summary>
public static class LsuCodes
{
    /// <summary>« Aucun » enseignement de complément: it takes no level.</summary>
    public const string NoComplement = "AUC";

    /// <summary>The only measure that carries a complement (its content).</summary>
    public const string Ppre = "PPRE";

    public static IReadOnlyList<LsuCode> Complements { get; } =
    [
        new(NoComplement, "Aucun"),
        new("LCA", "Langues et cultures de l'Antiquité"),
        new("LCR", "Langue et culture régionale"),
        new("PRO", "Découverte professionnelle"),
        new("LSF", "Langue des signes française"),
        new("LVE", "Langue vivante étrangère"),
    ];

    /// <summary>Levels of the complement: 1 and 2.</summary>
    public static string? ComplementLevelLabel(int level) => level switch
    {
        1 => "Objectif atteint",
        2 => "Objectif dépassé",
        _ => null,
    };

    public static IReadOnlyList<LsuCode> Parcours { get; } =
    [
        new("PAR_AVN", "Parcours Avenir"),
        new("PAR_CIT", "Parcours citoyen"),
        new("PAR_SAN", "Parcours éducatif de santé"),
        new("PAR_ART", "Parcours d'éducation artistique et culturelle"),
    ];

    public static IReadOnlyList<LsuCode> Measures { get; } =
    [
        new("PAP", "Plan d'accompagnement personnalisé"),
        new("PPS", "Projet personnalisé de scolarisation"),
        new(Ppre, "Programme personnalisé de réussite éducative"),
        new("ULIS", "Unité localisée pour l'inclusion scolaire"),
        new("SEGPA", "Section d'enseignement général et professionnel adapté"),
        new("UPE2A", "Unité pédagogique pour élèves allophones arrivants"),
        new("PAI", "Projet d'accueil individualisé"),
    ];

    public static LsuCode? Find(IReadOnlyList<LsuCode> codes, string? code) => codes.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.Ordinal));

    /// <summary>The codes of a list, for an error message: « A, B ou C ».</summary>
    public static string Enumerate(IReadOnlyList<LsuCode> codes) =>
        string.Join(", ", codes.Take(codes.Count - 1).Select(c => c.Code)) + " ou " + codes[^1].Code;

    /// <summary>
    /// The cycle a level ends: 6e ends cycle 3, 3e ends cycle 4, any other level none. <paramref name="levelCode"/> is the level's
    /// code (6E, 3E) as the levels table names it.
    /// </summary>
    public static int? EndedCycle(string? levelCode) => levelCode?.ToUpperInvariant() switch
    {
        "6E" => 3,
        "3E" => 4,
        _ => null,
    };
}
