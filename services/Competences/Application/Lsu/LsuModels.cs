namespace Sacoche.Competences.Application.Lsu;

// Contracts of the LSU export (docs/domain/lsu.md): check, exports, settings.

/// <summary>Body of GET/PUT /api/competences/lsu/settings: the « responsable d'établissement » named by the administrator (null: the head from STS-web).</summary>
public sealed record LsuSettingsRequest(string? HeadOfEstablishment);

/// <param name="HeadOfEstablishment">The name chosen by the administrator, null when none.</param>
/// <param name="Effective">The name that goes into the file (chosen, else the only head of establishment from STS-web), null when none can be chosen.</param>
/// <param name="Candidates">Direction staff from STS-web (FONCTION DIR) still in post, « NOM Prénom ».</param>
public sealed record LsuSettingsResponse(string? HeadOfEstablishment, string? Effective, IReadOnlyList<string> Candidates);

/// <summary>One problem of the pre-export check, in French, with where to fix it.</summary>
/// <param name="Severity">"error": the file would be invalid (the export is refused); "warning": incomplete but valid.</param>
/// <param name="Code">Stable code of the kind of problem (e.g. "student-without-siecle-id"); see docs/domain/lsu.md.</param>
/// <param name="Link">Relative URL of the Web page where the gap is fixed (e.g. "/bilans/3A/12/appreciation-generale").</param>
public sealed record LsuProblem(
    string Severity,
    string Code,
    string Message,
    string? ClassCode,
    long? PeriodId,
    Guid? StudentId,
    string? StudentName,
    Guid? TeacherId,
    string? TeacherName,
    string? SubjectCode,
    string? Link);

/// <summary>What a check or an export covers: periodic bilans (class × period) and end-of-cycle bilans.</summary>
/// <param name="ClassCodes">The classes asked for, or, when none was named, every class that follows the periods.</param>
/// <param name="Cycles">The cycles whose end-of-cycle bilans are included (3, 4, both or none).</param>
public sealed record LsuScope(IReadOnlyList<long> PeriodIds, IReadOnlyList<string> ClassCodes, bool CycleBilans, IReadOnlyList<int>? Cycles = null);

/// <param name="Valid">No error: the export would be accepted.</param>
/// <param name="Students">Students that would be in the file.</param>
/// <param name="PeriodicBilans">Student × period bilans that would be exported (complete only).</param>
/// <param name="CycleBilans">End-of-cycle bilans that would be exported (locked only).</param>
public sealed record LsuCheckResponse(LsuScope Scope, bool Valid, int Students, int PeriodicBilans, int CycleBilans, int Errors, int Warnings,
    IReadOnlyList<LsuProblem> Problems);

/// <summary>Body of POST /api/competences/lsu/exports.</summary>
/// <param name="CycleBilans">true: the locked end-of-cycle bilans (cycles 3 and 4, or only <paramref name="Cycle"/>) of the classes' students.</param>
/// <param name="Cycle">3 or 4: only that cycle's bilans (implies <paramref name="CycleBilans"/>).</param>
public sealed record LsuExportRequest(IReadOnlyList<long>? PeriodIds, IReadOnlyList<string>? ClassCodes, bool? CycleBilans, int? Cycle = null);

/// <summary>A stored LSU export (the file is downloaded with GET …/exports/{id}).</summary>
public sealed record LsuExportResponse(long Id, string FileName, string Sha256, long Size, IReadOnlyList<long> PeriodIds, IReadOnlyList<string> ClassCodes,
    bool CycleBilans, int Students, int PeriodicBilans, int CycleBilanCount, Guid CreatedBy, string? CreatedByName, DateTimeOffset CreatedAt);
