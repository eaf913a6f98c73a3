namespace Sacoche.Web.Api;

// Shapes of the end-of-cycle bilans (api/competences/cycle-bilans…; docs/domain/common-core.md) and of the parcours and
// accompaniment measures (api/competences/bilans/{classCode}/{periodId}/parcours, …/measures; docs/domain/bilans.md).
// The Competences API checks everything; these records only mirror what the pages show and send.

public sealed record CycleBilanStudentView(Guid Id, string LastName, string FirstName, string? ClassCode, string? ClassName);

/// <summary>A component: degrees 1–4, 0 = non évalué; effective = the positionnement over the computed degree.</summary>
public sealed record CycleBilanComponentView(string Code, string Label, int ComputedDegree, string ComputedLabel, int? PositionedDegree, string? PositionedLabel,
    int EffectiveDegree, string EffectiveLabel);

public sealed record CycleBilanComplementView(string Code, string Label, int? Level, string? LevelLabel);

/// <summary>GET and PUT api/competences/cycle-bilans/{studentId}?cycle=.</summary>
public sealed record CycleBilanView(CycleBilanStudentView Student, int Cycle, string CycleLabel, List<CycleBilanComponentView> Components,
    string? Synthesis, CycleBilanComplementView? Complement, DateTimeOffset? LockedAt, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt,
    bool CanWrite, bool CanUnlock);

/// <summary>PUT body: null members unchanged; <c>ComplementCode</c> "" removes the complement; <c>Lock</c> true locks, false unlocks.</summary>
public sealed record CycleBilanBody(string? Synthesis, string? ComplementCode, int? ComplementLevel, bool? Lock, int Version);

public sealed record CycleBilanComponentHeaderView(string Code, string Label);

public sealed record CycleBilanClassRowView(Guid StudentId, string LastName, string FirstName, List<int> Degrees, bool HasSynthesis, string? ComplementCode,
    bool Locked, DateTimeOffset? LockedAt);

/// <summary>GET api/competences/cycle-bilans?classCode=&amp;cycle=.</summary>
public sealed record CycleBilanClassView(string ClassCode, string ClassName, int Cycle, string CycleLabel, bool CanWrite,
    List<CycleBilanComponentHeaderView> Components, List<CycleBilanClassRowView> Students);

/// <summary>The « enseignements de complément » and their levels, as the page offers them (the API checks the choice).</summary>
public static class CycleComplements
{
    public static readonly (string Code, string Label)[] All =
    [
        ("AUC", "Aucun"), ("LCA", "Langues et cultures de l'Antiquité"), ("LCR", "Langue et culture régionale"),
        ("PRO", "Découverte professionnelle"), ("LSF", "Langue des signes française"), ("LVE", "Langue vivante étrangère"),
    ];

    public static readonly (int Level, string Label)[] Levels = [(1, "Objectif atteint"), (2, "Objectif dépassé")];
}

public sealed record BilanParcoursItemView(string Code, string Label, string Description, Guid ChangedBy, DateTimeOffset ChangedAt);

/// <summary>GET and PUT …/parcours.</summary>
public sealed record BilanParcoursView(string ClassCode, string ClassName, long PeriodId, string PeriodName, bool CanWrite, List<BilanParcoursItemView> Parcours);

public sealed record BilanParcoursEntryBody(string Code, string Description);

public sealed record BilanParcoursBody(List<BilanParcoursEntryBody> Parcours);

public sealed record StudentMeasureItemView(string Code, string Label, string? Complement);

public sealed record StudentMeasuresView(Guid StudentId, string LastName, string FirstName, List<StudentMeasureItemView> Measures);

/// <summary>GET …/measures.</summary>
public sealed record BilanMeasuresView(string ClassCode, string ClassName, long PeriodId, string PeriodName, bool CanWrite, List<StudentMeasuresView> Students);

public sealed record StudentMeasureEntryBody(string Code, string? Complement);

public sealed record StudentMeasuresBody(List<StudentMeasureEntryBody> Measures);

/// <summary>The parcours and measures of the LSU, as the pages offer them.</summary>
public static class LsuChoices
{
    public static readonly (string Code, string Label)[] Parcours =
    [
        ("PAR_AVN", "Parcours Avenir"), ("PAR_CIT", "Parcours citoyen"), ("PAR_SAN", "Parcours éducatif de santé"),
        ("PAR_ART", "Parcours d'éducation artistique et culturelle"),
    ];

    public static readonly (string Code, string Label)[] Measures =
    [
        ("PAP", "Plan d'accompagnement personnalisé"), ("PPS", "Projet personnalisé de scolarisation"), ("PPRE", "Programme personnalisé de réussite éducative"),
        ("ULIS", "Unité localisée pour l'inclusion scolaire"), ("SEGPA", "Section d'enseignement général et professionnel adapté"),
        ("UPE2A", "Unité pédagogique pour élèves allophones arrivants"), ("PAI", "Projet d'accueil individualisé"),
    ];
}
