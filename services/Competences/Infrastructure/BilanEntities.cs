using Sacoche.ServiceDefaults.Data;

namespace Sacoche.Competences.Infrastructure;

// Official bilans (docs/bilans.md): periods, the class × period workflow, what teachers write, the archive.

/// <summary>A period of the school year (« Trimestre 1 »…), with a stable id. No class code: every class follows it.</summary>
public sealed class Period : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
    public string[] ClassCodes { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The workflow status of one class for one period (no row: « closed »).</summary>
public sealed class BilanStatusRow : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public string ClassCode { get; set; } = "";
    public long PeriodId { get; set; }
    public string Status { get; set; } = "closed";
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>Every status change (who, when, from what).</summary>
public sealed class BilanStatusChange : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public string ClassCode { get; set; } = "";
    public long PeriodId { get; set; }
    public string OldStatus { get; set; } = "closed";
    public string NewStatus { get; set; } = "";
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A student's line of one subject for one period: the teacher's override, appreciation and elements of programme.</summary>
public sealed class BilanSubjectLine : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long PeriodId { get; set; }
    public Guid StudentId { get; set; }
    public string SubjectCode { get; set; } = "";
    /// <summary>The positioning the teacher chose (1–4, or a mark out of 20 in mode « moyenne »); null: the computed one stands.</summary>
    public decimal? Override { get; set; }
    /// <summary>The positioning mode the override was chosen in (position, objectif, moyenne): applied only while it is the establishment's mode.</summary>
    public string? OverrideMode { get; set; }
    public string? Appreciation { get; set; }
    public string[] Elements { get; set; } = [];
    public int Version { get; set; }
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A student's general appreciation for one period (principal teacher, direction).</summary>
public sealed class BilanGeneralLine : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long PeriodId { get; set; }
    public Guid StudentId { get; set; }
    public string Appreciation { get; set; } = "";
    public int Version { get; set; }
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A student's attendance (« vie scolaire ») for one period, in half-days.</summary>
public sealed class BilanAttendanceLine : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long PeriodId { get; set; }
    public Guid StudentId { get; set; }
    public int Lateness { get; set; }
    public int JustifiedAbsences { get; set; }
    public int UnjustifiedAbsences { get; set; }
    public int? MissedHours { get; set; }
    public string? Comment { get; set; }
    public int Version { get; set; }
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>An archived official bulletin: immutable bytes with their SHA-256; a regeneration adds a version.</summary>
public sealed class BilanArchive : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public Guid StudentId { get; set; }
    public string ClassCode { get; set; } = "";
    public long PeriodId { get; set; }
    public string PeriodName { get; set; } = "";
    public int Version { get; set; }
    public string Sha256 { get; set; } = "";
    public int Size { get; set; }
    public byte[] Content { get; set; } = [];
    public long JobId { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Archiving a class's bulletins: one job, picked up by the archive worker (survives a restart).</summary>
public sealed class BilanArchiveJob : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public long Id { get; set; }
    public string ClassCode { get; set; } = "";
    public long PeriodId { get; set; }
    /// <summary>pending, running, done or failed.</summary>
    public string Status { get; set; } = "pending";
    public int Total { get; set; }
    public int Done { get; set; }
    public string? Error { get; set; }
    public Guid StartedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Last sign of life of the worker running it (a running job silent for long is taken again after a crash).</summary>
    public DateTimeOffset? ClaimedAt { get; set; }
}

/// <summary>The establishment's name and UAI, learnt from Identity's EstablishmentRegistered (the bulletin's header).</summary>
public sealed class EstablishmentRow : ITenantOwned
{
    public int EstablishmentId { get; set; }
    public string Uai { get; set; } = "";
    public string Name { get; set; } = "";
}
