using Sacoche.ServiceDefaults.Data;

namespace Sacoche.Competences.Infrastructure;

// What the national LSU export needs beyond the periodic bilans (docs/domain/lsu.md).

/// <summary>A student's SIECLE option: the subject (BCN code) and its election modality (S, O, F, L, R, X).</summary>
public sealed class RosterStudentOption : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid StudentId { get; set; }
    public string SubjectBcnCode { get; set; } = "";
    public string Modality { get; set; } = "S";
}

/// <summary>The end-of-cycle bilan of a student (cycle 3 in 6e, 4 in 3e); the 8 degrees come from the common core (positionnement over computed).</summary>
public sealed class CycleBilan : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid StudentId { get; set; }
    public int Cycle { get; set; }
    /// <summary>≤ 1,500 characters, by the principal teacher or the direction.</summary>
    public string? Synthesis { get; set; }
    /// <summary>« Enseignement de complément »: AUC (none), LCA, LCR, PRO, LSF, LVE.</summary>
    public string? ComplementCode { get; set; }
    /// <summary>1 (objectif atteint) or 2 (dépassé) when the complement is not AUC.</summary>
    public int? ComplementLevel { get; set; }
    /// <summary>Set when the bilan is locked (« date de verrou »): no more changes, exportable.</summary>
    public DateTimeOffset? LockedAt { get; set; }
    public int Version { get; set; }
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A parcours éducatif of a class for a period (PAR_AVN, PAR_CIT, PAR_SAN, PAR_ART) with its project (≤ 600 characters).</summary>
public sealed class BilanParcours : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long PeriodId { get; set; }
    public string ClassCode { get; set; } = "";
    public string Code { get; set; } = "";
    public string Description { get; set; } = "";
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>An accompaniment measure of a student (PAP, PPS, PPRE, ULIS, SEGPA, UPE2A, PAI); PPRE may carry a complement.</summary>
public sealed class StudentMeasure : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid StudentId { get; set; }
    public string Code { get; set; } = "";
    public string? Complement { get; set; }
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>The LSU settings of an establishment: the « responsable d'établissement » named by the administrator (null: the head from STS-web).</summary>
public sealed class LsuSettings : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public string? HeadOfEstablishment { get; set; }
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>An LSU file produced and validated against the schema: immutable bytes, SHA-256, who, when and what it holds.</summary>
public sealed class LsuExport : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public long Size { get; set; }
    public byte[] Content { get; set; } = [];
    public long[] PeriodIds { get; set; } = [];
    public string[] ClassCodes { get; set; } = [];
    public bool CycleBilans { get; set; }
    public int Students { get; set; }
    public int PeriodicBilans { get; set; }
    public int CycleBilanCount { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
