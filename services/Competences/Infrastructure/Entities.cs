using Sacoche.ServiceDefaults.Data;

namespace Sacoche.Competences.Infrastructure;

// Tenant-owned rows (ITenantOwned): EstablishmentId is the first column of every primary key and index.

/// <summary>One user of the roster projection (from UserImported / UserRetired).</summary>
public sealed class RosterUser : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid UserId { get; set; }
    public long Version { get; set; }
    public string Profile { get; set; } = "";
    public string LastName { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string? ClassCode { get; set; }
    public string[] GroupCodes { get; set; } = [];
    public Guid[] ChildIds { get; set; } = [];
    public string[] SubjectCodes { get; set; } = [];
    public DateOnly? ExitDate { get; set; }
    /// <summary>SIECLE ELEVE_ID of a student (attendance files, LSU).</summary>
    public string? SiecleId { get; set; }
    public DateOnly? BirthDate { get; set; }
    /// <summary>Staff: STS-web INDIVIDU@ID and TYPE (epp, local), for the LSU.</summary>
    public string? StsId { get; set; }
    public string? StsType { get; set; }
    /// <summary>M or MME when known.</summary>
    public string? Civility { get; set; }
    /// <summary>Guardians: postal address (the LSU's optional « responsables »).</summary>
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? AddressLine3 { get; set; }
    public string? AddressLine4 { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
}

/// <summary>Version of the last StructureImported applied per establishment.</summary>
public sealed class StructureVersion : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Version { get; set; }
}

public sealed class RosterClass : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? LevelCode { get; set; }
    public Guid? PrincipalTeacherId { get; set; }
}

public sealed class RosterGroup : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string[] ClassCodes { get; set; } = [];
}

/// <summary>A teacher teaching a subject to a class (IsGroup false) or a group.</summary>
public sealed class TeacherServiceRow : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid TeacherId { get; set; }
    public string StructureCode { get; set; } = "";
    public bool IsGroup { get; set; }
    public string SubjectCode { get; set; } = "";
}

/// <summary>Subjects of an establishment: from STS imports (Imported) or created locally.</summary>
public sealed class Subject : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public string Code { get; set; } = "";
    public string? BcnCode { get; set; }
    public string Name { get; set; } = "";
    public bool Imported { get; set; }
}

/// <summary>National subjects (STS nomenclature), seeded; shared by every establishment.</summary>
public sealed class NationalSubject
{
    public string Code { get; set; } = "";
    public string BcnCode { get; set; } = "";
    public string Name { get; set; } = "";
}

/// <summary>Levels and cycles, seeded; <see cref="MefMask"/> matches MEF codes ('.' = any digit).</summary>
public sealed class Level
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Ref { get; set; } = "";
    public int Order { get; set; }
    public bool IsCycle { get; set; }
    public string MefMask { get; set; } = "";
}

/// <summary>Establishment settings as one JSON document (validated on write).</summary>
public sealed class SettingsRow : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public string Document { get; set; } = "{}";
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class Referential : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public string SubjectCode { get; set; } = "";
    public string LevelCode { get; set; } = "";
    public string Method { get; set; } = "geometrique";
    public int Limit { get; set; }
    public string Retroactivity { get; set; } = "non";
    /// <summary>How syntheses aggregate this referential: "domaine", "theme" or "aucun".</summary>
    public string SynthesisMode { get; set; } = "domaine";
    public Guid CreatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class ReferentialDomainRow : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public long ReferentialId { get; set; }
    public int Order { get; set; }
    public string Code { get; set; } = "";
    public string Ref { get; set; } = "";
    public string Name { get; set; } = "";
}

public sealed class ReferentialThemeRow : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public long ReferentialId { get; set; }
    public long DomainId { get; set; }
    public int Order { get; set; }
    public string Ref { get; set; } = "";
    public string Name { get; set; } = "";
}

public sealed class ReferentialItemRow : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public long ReferentialId { get; set; }
    public long ThemeId { get; set; }
    public int Order { get; set; }
    public string Ref { get; set; } = "";
    public string Name { get; set; } = "";
    public string Abbreviation { get; set; } = "";
    public int Coefficient { get; set; } = 1;
    public bool Cart { get; set; } = true;
    public string? Link { get; set; }
    public string? Comment { get; set; }
    /// <summary>Common core links as "cycle:COMPONENT" (e.g. "3:CPD_FRA").</summary>
    public string[] Socle { get; set; } = [];
}

public sealed class Evaluation : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public Guid OwnerId { get; set; }
    public string? ClassCode { get; set; }
    public string? GroupCode { get; set; }
    public DateOnly Date { get; set; }
    public DateOnly VisibleDate { get; set; }
    public DateOnly? SelfAssessmentUntil { get; set; }
    public string Description { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>« Terminé »: the teacher says the entry of this evaluation is finished.</summary>
    public bool Done { get; set; }
}

/// <summary>
/// A student's request to be evaluated (again) on an item whose cart flag is set: pending until a teacher
/// accepts it (the evaluation it went to) or refuses it (with a message).
/// </summary>
public sealed class EvaluationRequestRow : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public Guid StudentId { get; set; }
    public long ItemId { get; set; }
    public string SubjectCode { get; set; } = "";
    public string? Message { get; set; }
    /// <summary>"pending", "accepted" or "refused".</summary>
    public string Status { get; set; } = "pending";
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? AnsweredBy { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? Answer { get; set; }
    public long? EvaluationId { get; set; }
}

public sealed class EvaluationItem : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long EvaluationId { get; set; }
    public long ItemId { get; set; }
    public int Order { get; set; }
}

/// <summary>Students of an evaluation targeting a selection (class and group targets read the roster).</summary>
public sealed class EvaluationStudent : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long EvaluationId { get; set; }
    public Guid StudentId { get; set; }
}

public sealed class EvaluationShare : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long EvaluationId { get; set; }
    public Guid TeacherId { get; set; }
    /// <summary>"voir", "saisir" or "modifier".</summary>
    public string Right { get; set; } = "voir";
}

/// <summary>One cell: (evaluation, student, item) → code, with a version bumped on every change.</summary>
public sealed class Entry : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long EvaluationId { get; set; }
    public Guid StudentId { get; set; }
    public long ItemId { get; set; }
    public string Code { get; set; } = "NN";
    public int Version { get; set; }
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>Audit trail: every change of a cell (old code null = created, new code null = deleted).</summary>
public sealed class EntryAudit : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public long EvaluationId { get; set; }
    public Guid StudentId { get; set; }
    public long ItemId { get; set; }
    public string? OldCode { get; set; }
    public string? NewCode { get; set; }
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>
/// A teacher's positionnement on a common core component for a student: overrides the computed
/// degree in reports and exports; the computed values at the time of the decision are kept beside it.
/// </summary>
public sealed class CommonCorePositioning : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid StudentId { get; set; }
    public int Cycle { get; set; }
    /// <summary>Component code, e.g. "CPD_FRA".</summary>
    public string Component { get; set; } = "";
    /// <summary>Degree set by the teacher (1–4).</summary>
    public int Degree { get; set; }
    /// <summary>Computed degree and percentage when the positionnement was set (null: nothing assessed then).</summary>
    public int? ComputedDegree { get; set; }
    public int? ComputedPercent { get; set; }
    public Guid SetBy { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

/// <summary>
/// A referential published to the academy catalog: an immutable snapshot (JSON of the tree), visible
/// to every establishment. Cross-tenant by design, so NOT tenant-filtered; it holds no personal data
/// (no author name, no student data) — only the author establishment's number, and the publishing
/// user's id, which the API never shows (it decides who may withdraw and counts the publication rate).
/// Withdrawn rows stay (withdrawn_at set) so that the rate counts them and version numbers go on.
/// </summary>
public sealed class CatalogReferential
{
    public long Id { get; set; }
    public int AuthorEstablishmentId { get; set; }
    public long SourceReferentialId { get; set; }
    public int Version { get; set; }
    public string SubjectCode { get; set; } = "";
    public string SubjectName { get; set; } = "";
    public string LevelCode { get; set; } = "";
    public string LevelName { get; set; } = "";
    public string Description { get; set; } = "";
    public string Method { get; set; } = "geometrique";
    public int Limit { get; set; }
    public string Retroactivity { get; set; } = "non";
    public string SynthesisMode { get; set; } = "domaine";
    public int ItemCount { get; set; }
    /// <summary>The tree as JSON (domains → themes → items, without ids).</summary>
    public string Tree { get; set; } = "[]";
    public DateTimeOffset PublishedAt { get; set; }
    /// <summary>The user who published this version (null for publications made before it was recorded).</summary>
    public Guid? PublishedBy { get; set; }
    /// <summary>Set when the publication was withdrawn from the catalog: the row is hidden everywhere from then on.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
    /// <summary>Who withdrew it: the author's user id, or « webmestre » (the academy's operator).</summary>
    public string? WithdrawnBy { get; set; }
}
