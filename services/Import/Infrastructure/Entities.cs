using Sacoche.Import.Domain;
using Sacoche.ServiceDefaults.Data;

namespace Sacoche.Import.Infrastructure;

// The directory as stored. Every table is keyed by establishment_id first (docs/architecture.md, « Tenancy »).

/// <summary>An establishment known from Identity's EstablishmentRegistered (its UAI checks the files).</summary>
public sealed class Establishment : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public required string Uai { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Grows with each applied import: a plan computed on an older directory is stale.</summary>
    public long DirectoryVersion { get; set; }

    /// <summary>Version of the last StructureImported published.</summary>
    public long StructureVersion { get; set; }

    /// <summary>Hash of the last structure snapshot published (no event when unchanged).</summary>
    public string? StructureHash { get; set; }
}

public sealed class Person : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid Id { get; set; }
    public required string Profile { get; set; }
    public required string LastName { get; set; }
    public required string FirstName { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? Gender { get; set; }
    public string? Email { get; set; }
    public string? SiecleId { get; set; }
    public string? Elenoet { get; set; }
    public string? Ine { get; set; }
    public string? OldIne { get; set; }
    public string? StsId { get; set; }

    /// <summary>STS-web INDIVIDU@TYPE: epp or local.</summary>
    public string? StsType { get; set; }

    /// <summary>M or MME.</summary>
    public string? Civility { get; set; }
    public string? Reference { get; set; }
    public string? ClassCode { get; set; }
    public DateOnly? ExitDate { get; set; }
    public string? EntId { get; set; }

    /// <summary><see cref="EntId"/> folded as CAS sign-in compares it (EntIdKey): unique per establishment.</summary>
    public string? EntIdKey { get; set; }

    public long Version { get; set; }
    public string? Address { get; set; }
    public string? PhoneHome { get; set; }
    public string? PhoneMobile { get; set; }
    public string? PhoneWork { get; set; }
    public string? PrincipalOfClasses { get; set; }

    /// <summary>Students: SIECLE options as JSON ([{subjectBcnCode, modality}]).</summary>
    public string? Options { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A class (division) or a group.</summary>
public sealed class Structure : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public StructureKind Kind { get; set; }
    public required string Code { get; set; }
    public string? Label { get; set; }
    public List<string> ClassCodes { get; set; } = [];
    public bool Imported { get; set; } = true;

    /// <summary>Classes: the MEF code that gives the level (docs/domain/formats.md, « Class levels »).</summary>
    public string? MefCode { get; set; }

    /// <summary>Classes: the MEFs STS-web lists for the class, in code order.</summary>
    public List<string> StsMefCodes { get; set; } = [];
}

/// <summary>A student's membership of a group (the class is <see cref="Person.ClassCode"/>).</summary>
public sealed class Membership : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid PersonId { get; set; }
    public required string GroupCode { get; set; }
}

/// <summary>A legal guardian's link to a student, by the student's SIECLE id (or spreadsheet number).</summary>
public sealed class GuardianLink : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid GuardianId { get; set; }
    public required string StudentKey { get; set; }
    public Guid? StudentId { get; set; }
    public int LegalRank { get; set; }
}

public sealed class TeacherServiceRow : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid TeacherId { get; set; }
    public StructureKind Kind { get; set; }
    public required string StructureCode { get; set; }

    /// <summary>Management code (CODE_GESTION); empty when unknown.</summary>
    public string SubjectCode { get; set; } = "";
}

public sealed class Subject : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public required string Code { get; set; }
    public string? BcnCode { get; set; }
    public required string Name { get; set; }
}

public static class ImportStatus
{
    public const string Pending = "pending";
    public const string Parsing = "parsing";
    public const string Ready = "ready";
    public const string Failed = "failed";
    public const string Applied = "applied";
}

/// <summary>One uploaded file and its life: parse → plan → confirm.</summary>
public sealed class ImportJob : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid Id { get; set; }
    public Guid CreatedBy { get; set; }
    public string? CreatedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string FileName { get; set; }
    public long SizeBytes { get; set; }

    /// <summary>sts, siecle-students, siecle-guardians, spreadsheet-students… (null until detected).</summary>
    public string? Kind { get; set; }

    /// <summary>students | staff | parents, chosen by the administrator for a CSV.</summary>
    public string? SpreadsheetKind { get; set; }

    public string Status { get; set; } = ImportStatus.Pending;
    public int Progress { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? ReadyAt { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
    public Guid? AppliedBy { get; set; }

    /// <summary>JSON objects/arrays kept as text (opaque to queries).</summary>
    public string? Counts { get; set; }
    public string? Errors { get; set; }
    public string? Warnings { get; set; }
    public string? Plan { get; set; }
    public string? Subjects { get; set; }

    /// <summary><see cref="Establishment.DirectoryVersion"/> the plan was computed on.</summary>
    public long BaseVersion { get; set; }

    public double? ParseMs { get; set; }
    public double? PlanMs { get; set; }
    public double? ApplyMs { get; set; }
}

/// <summary>The uploaded bytes, apart so that listing imports never loads them.</summary>
public sealed class ImportFile : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid ImportId { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>An uploaded ENT identifier export and its matching report.</summary>
public sealed class EntImport : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public Guid Id { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string FileName { get; set; }
    public required string Format { get; set; }
    public string? Connector { get; set; }
    public string Status { get; set; } = ImportStatus.Ready;
    public required string Summary { get; set; }
    public required string Report { get; set; }
    public string Choices { get; set; } = "{}";
    public DateTimeOffset? AppliedAt { get; set; }
    public int? AppliedCount { get; set; }
}
