namespace Sacoche.Competences.Infrastructure;

/// <summary>National reference data seeded by the migrations: collège subjects and levels.</summary>
public static class NationalData
{
    /// <summary>Collège subjects of the STS nomenclature: management code (CODE_GESTION), BCN code, name.</summary>
    public static NationalSubject[] Subjects { get; } =
    [
        new() { Code = "FRANC", BcnCode = "020700", Name = "Français" },
        new() { Code = "MATHS", BcnCode = "061300", Name = "Mathématiques" },
        new() { Code = "HIGEO", BcnCode = "040600", Name = "Histoire-géographie" },
        new() { Code = "EMC", BcnCode = "042400", Name = "Enseignement moral et civique" },
        new() { Code = "AGL1", BcnCode = "030201", Name = "Anglais LV1" },
        new() { Code = "AGL2", BcnCode = "030202", Name = "Anglais LV2" },
        new() { Code = "ALL1", BcnCode = "030101", Name = "Allemand LV1" },
        new() { Code = "ALL2", BcnCode = "030102", Name = "Allemand LV2" },
        new() { Code = "ESP1", BcnCode = "030601", Name = "Espagnol LV1" },
        new() { Code = "ESP2", BcnCode = "030602", Name = "Espagnol LV2" },
        new() { Code = "ITA2", BcnCode = "030802", Name = "Italien LV2" },
        new() { Code = "LCALA", BcnCode = "020300", Name = "Latin" },
        new() { Code = "LCAGR", BcnCode = "020200", Name = "Grec" },
        new() { Code = "PH-CH", BcnCode = "061700", Name = "Physique-chimie" },
        new() { Code = "SVT", BcnCode = "062900", Name = "Sciences de la vie et de la Terre" },
        new() { Code = "TECHN", BcnCode = "070200", Name = "Technologie" },
        new() { Code = "EPS", BcnCode = "100100", Name = "Éducation physique et sportive" },
        new() { Code = "A-PLA", BcnCode = "080100", Name = "Arts plastiques" },
        new() { Code = "EDMUS", BcnCode = "090100", Name = "Éducation musicale" },
        new() { Code = "DOC", BcnCode = "008000", Name = "Documentation" },
        new() { Code = "VSCO", BcnCode = "001000", Name = "Vie scolaire" },
        new() { Code = "TRANS", BcnCode = "000000", Name = "Transversal" },
    ];

    /// <summary>Collège levels (MEF codes 100… to 103…) and the cycles of the common core.</summary>
    public static Level[] Levels { get; } =
    [
        new() { Code = "6E", Name = "Sixième", Ref = "6e", Order = 1, IsCycle = false, MefMask = "100........" },
        new() { Code = "5E", Name = "Cinquième", Ref = "5e", Order = 2, IsCycle = false, MefMask = "101........" },
        new() { Code = "4E", Name = "Quatrième", Ref = "4e", Order = 3, IsCycle = false, MefMask = "102........" },
        new() { Code = "3E", Name = "Troisième", Ref = "3e", Order = 4, IsCycle = false, MefMask = "103........" },
        new() { Code = "C2", Name = "Cycle 2 (CP, CE1, CE2)", Ref = "C2", Order = 10, IsCycle = true, MefMask = "211........|221........|222........" },
        new() { Code = "C3", Name = "Cycle 3 (CM1, CM2, 6e)", Ref = "C3", Order = 11, IsCycle = true, MefMask = "231........|232........|100........" },
        new() { Code = "C4", Name = "Cycle 4 (5e, 4e, 3e)", Ref = "C4", Order = 12, IsCycle = true, MefMask = "101........|102........|103........" },
    ];
}
