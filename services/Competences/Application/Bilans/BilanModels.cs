namespace Sacoche.Competences.Application.Bilans;

// Contracts of /api/competences/bilans… and /archives (docs/bilans.md).

/// <summary>One class's status for a period (GET /bilans?periodId=).</summary>
public sealed record BilanClassStatus(string ClassCode, string ClassName, string Status, string StatusLabel, Guid? ChangedBy, DateTimeOffset? ChangedAt);

public sealed record BilanPeriod(long Id, string Name, DateOnly Start, DateOnly End);

/// <summary>The status board of a period: every class that follows it.</summary>
public sealed record BilanBoard(BilanPeriod Period, IReadOnlyList<BilanClassStatus> Classes);

public sealed record BilanStatusRequest(string? Status);

/// <summary>One recorded status change.</summary>
public sealed record BilanStatusChangeResponse(string OldStatus, string NewStatus, Guid ChangedBy, string? ChangedByName, DateTimeOffset ChangedAt);

/// <summary>The status of a class for a period and its history (answer of PUT …/status).</summary>
public sealed record BilanStatusResponse(string ClassCode, long PeriodId, string Status, string StatusLabel, IReadOnlyList<BilanStatusChangeResponse> History);

public sealed record BilanTeacher(Guid Id, string LastName, string FirstName);

/// <summary>An item of the subject evaluated in the period, proposed as an element of programme.</summary>
public sealed record BilanElementChoice(long ItemId, string Name);

/// <summary>A subject of the class (from the teacher services of the class and of its groups).</summary>
/// <param name="CanWrite">The caller may write this subject's lines (when the status allows it).</param>
/// <param name="ClassMean">Mean of the class's marks in mode « moyenne » (null otherwise or without any mark).</param>
public sealed record BilanSubject(string Code, string Name, IReadOnlyList<BilanTeacher> Teachers, bool CanWrite,
    IReadOnlyList<BilanElementChoice> ProposedElements, decimal? ClassMean);

/// <summary>
/// A student's line for one subject. <see cref="Computed"/>: 1–4 (or the mark out of 20 in mode « moyenne »), null when no
/// item of the subject was evaluated in the period (« non évalué »); <see cref="Mean"/>: the 0–100 value the thresholds were
/// applied to; <see cref="Override"/>: the teacher's choice, which the bulletin prints instead of the computed value.
/// </summary>
public sealed record BilanCell(string SubjectCode, decimal? Computed, decimal? Override, int? Mean, string? Appreciation,
    IReadOnlyList<string> Elements, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt);

public sealed record BilanGeneral(string? Appreciation, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt);

/// <summary>Attendance in half-days (« vie scolaire »).</summary>
public sealed record BilanAttendance(int Lateness, int JustifiedAbsences, int UnjustifiedAbsences, int? MissedHours, string? Comment, int Version);

/// <param name="Cells">One per subject that concerns the student (a subject taught to a group concerns its members only).</param>
public sealed record BilanStudent(Guid StudentId, string LastName, string FirstName, IReadOnlyList<BilanCell> Cells, BilanGeneral General, BilanAttendance Attendance);

/// <summary>The sheet of a class for a period (GET /bilans/{classCode}/{periodId}): students × subjects.</summary>
/// <param name="Mode">position, objectif or moyenne (establishment setting).</param>
public sealed record BilanSheet(string ClassCode, string ClassName, BilanPeriod Period, string Status, string StatusLabel, string Mode,
    bool CanWriteGeneral, bool CanWriteAttendance, IReadOnlyList<BilanSubject> Subjects, IReadOnlyList<BilanStudent> Students);

/// <summary>PUT …/students/{studentId}/subjects/{subjectCode}: null members are left as they are; <see cref="ClearOverride"/> goes back to the computed value.</summary>
public sealed record BilanSubjectWrite(decimal? Positioning, string? Appreciation, IReadOnlyList<string>? Elements, int? Version, bool? ClearOverride = null);

public sealed record BilanGeneralWrite(string? Appreciation, int? Version);

public sealed record BilanAttendanceWrite(int? Lateness, int? JustifiedAbsences, int? UnjustifiedAbsences, int? MissedHours, string? Comment, int? Version);

/// <summary>What is still missing for one subject (GET …/missing).</summary>
public sealed record MissingSubject(string SubjectCode, string SubjectName, IReadOnlyList<BilanTeacher> Teachers,
    int Students, int MissingAppreciations, int MissingPositionings, int MissingElements, IReadOnlyList<Guid> StudentsWithoutAppreciation);

public sealed record MissingStudent(Guid StudentId, string LastName, string FirstName, bool MissingGeneral, IReadOnlyList<string> SubjectsWithoutAppreciation);

public sealed record BilanMissing(string ClassCode, long PeriodId, IReadOnlyList<MissingSubject> Subjects, IReadOnlyList<MissingStudent> Students);

/// <summary>Report of an attendance CSV upload: lines applied, and the ones not matched to a student of the class.</summary>
public sealed record AttendanceImportReport(int Applied, IReadOnlyList<AttendanceImportIssue> Unmatched);

public sealed record AttendanceImportIssue(int Line, string Text, string Reason);

/// <summary>An archived bulletin (never its bytes: GET /archives/{id}).</summary>
public sealed record ArchiveResponse(long Id, Guid StudentId, string StudentName, string ClassCode, long PeriodId, string PeriodName, int Version,
    string Sha256, int Size, DateTimeOffset CreatedAt, Guid CreatedBy);

/// <summary>An archive job of a class (POST …/archive → 202; GET …/archive follows it).</summary>
/// <param name="Status">pending, running, done or failed.</param>
public sealed record ArchiveJobResponse(long Id, string ClassCode, long PeriodId, string Status, int Total, int Done, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);
