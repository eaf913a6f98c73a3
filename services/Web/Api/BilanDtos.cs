namespace Sacoche.Web.Api;

// Shapes of the official bilans (api/competences/periods, /bilans…, /archives; docs/domain/bilans.md).
// The Competences API computes and checks everything; these records only mirror what the pages show and send.

/// <summary>Body of POST and PUT api/competences/periods (dates yyyy-MM-dd; no class: every class).</summary>
public sealed record PeriodBody(string? Name, DateOnly? Start, DateOnly? End, List<string> ClassCodes);

public sealed record BilanPeriodView(long Id, string Name, DateOnly Start, DateOnly End);

/// <summary>One class of the status board (GET api/competences/bilans?periodId=).</summary>
public sealed record BilanClassStatusView(string ClassCode, string ClassName, string Status, string StatusLabel, Guid? ChangedBy, DateTimeOffset? ChangedAt);

public sealed record BilanBoardView(BilanPeriodView Period, List<BilanClassStatusView> Classes);

public sealed record BilanStatusBody(string Status);

public sealed record BilanStatusChangeView(string OldStatus, string NewStatus, Guid ChangedBy, string? ChangedByName, DateTimeOffset ChangedAt);

/// <summary>A class's status for a period and its history (GET and PUT …/status).</summary>
public sealed record BilanStatusView(string ClassCode, long PeriodId, string Status, string StatusLabel, List<BilanStatusChangeView> History);

public sealed record BilanTeacherView(Guid Id, string LastName, string FirstName);

public sealed record BilanElementChoiceView(long ItemId, string Name);

/// <summary>A subject of the class; <c>CanWrite</c>: the caller writes its lines (when the status allows it).</summary>
public sealed record BilanSubjectView(string Code, string Name, List<BilanTeacherView> Teachers, bool CanWrite, List<BilanElementChoiceView> ProposedElements, decimal? ClassMean);

/// <summary>A student's line for a subject: computed positioning (null: non évalué), the teacher's override, the 0–100 mean.</summary>
public sealed record BilanCellView(string SubjectCode, decimal? Computed, decimal? Override, int? Mean, string? Appreciation, List<string> Elements, int Version,
    Guid? ChangedBy, DateTimeOffset? ChangedAt);

public sealed record BilanGeneralView(string? Appreciation, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt);

/// <summary>Attendance in half-days.</summary>
public sealed record BilanAttendanceView(int Lateness, int JustifiedAbsences, int UnjustifiedAbsences, int? MissedHours, string? Comment, int Version);

public sealed record BilanStudentView(Guid StudentId, string LastName, string FirstName, List<BilanCellView> Cells, BilanGeneralView General, BilanAttendanceView Attendance);

/// <summary>The sheet of a class for a period (GET api/competences/bilans/{classCode}/{periodId}); <c>Mode</c>: position, objectif or moyenne.</summary>
public sealed record BilanSheetView(string ClassCode, string ClassName, BilanPeriodView Period, string Status, string StatusLabel, string Mode,
    bool CanWriteGeneral, bool CanWriteAttendance, List<BilanSubjectView> Subjects, List<BilanStudentView> Students);

/// <summary>PUT …/students/{id}/subjects/{code}: null members are left as they are; <c>ClearOverride</c> goes back to the computed value.</summary>
public sealed record BilanSubjectBody(decimal? Positioning, string? Appreciation, List<string>? Elements, int Version, bool? ClearOverride = null);

public sealed record BilanGeneralBody(string Appreciation, int Version);

public sealed record BilanAttendanceBody(int Lateness, int JustifiedAbsences, int UnjustifiedAbsences, int? MissedHours, string? Comment, int Version);

/// <summary>The <c>current</c> member of an <c>entry-changed</c> refusal of a subject line: what a colleague saved.</summary>
public sealed record BilanSubjectCurrentView(decimal? Positioning, string? Appreciation, List<string>? Elements, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt);

/// <summary>The <c>current</c> member of an <c>entry-changed</c> refusal of a general appreciation.</summary>
public sealed record BilanGeneralCurrentView(string? Appreciation, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt);

public sealed record MissingSubjectView(string SubjectCode, string SubjectName, List<BilanTeacherView> Teachers, int Students, int MissingAppreciations,
    int MissingPositionings, int MissingElements, List<Guid> StudentsWithoutAppreciation);

public sealed record MissingStudentView(Guid StudentId, string LastName, string FirstName, bool MissingGeneral, List<string> SubjectsWithoutAppreciation);

/// <summary>What is still missing (GET …/missing).</summary>
public sealed record BilanMissingView(string ClassCode, long PeriodId, List<MissingSubjectView> Subjects, List<MissingStudentView> Students);

public sealed record AttendanceImportIssueView(int Line, string Text, string Reason);

/// <summary>Report of an attendance CSV upload (POST …/attendance).</summary>
public sealed record AttendanceImportReportView(int Applied, List<AttendanceImportIssueView> Unmatched);

/// <summary>An archived bulletin (GET api/competences/archives?studentId=); its bytes: GET archives/{id}.</summary>
public sealed record ArchiveView(long Id, Guid StudentId, string StudentName, string ClassCode, long PeriodId, string PeriodName, int Version,
    string Sha256, int Size, DateTimeOffset CreatedAt, Guid CreatedBy);

/// <summary>An archive job (POST …/archive → 202, GET …/archive follows it); <c>Status</c>: pending, running, done or failed.</summary>
public sealed record ArchiveJobView(long Id, string ClassCode, long PeriodId, string Status, int Total, int Done, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <summary>The five statuses of a bilan and what each allows (docs/domain/bilans.md), as the pages explain them.</summary>
public static class BilanStatuses
{
    public static readonly (string Code, string Label)[] All =
    [
        ("closed", "Fermé"), ("subjects", "Saisie des appréciations par discipline"), ("mixed", "Saisies mixtes"),
        ("general", "Saisie de l'appréciation générale"), ("complete", "Complet : impression possible"),
    ];

    public static string Label(string? code) => All.FirstOrDefault(s => s.Code == code).Label ?? code ?? "";

    public static bool AllowsSubjects(string? status) => status is "subjects" or "mixed";

    public static bool AllowsGeneral(string? status) => status is "mixed" or "general";

    public static bool AllowsAttendance(string? status) => status is "subjects" or "mixed" or "general";

    public static bool AllowsPrinting(string? status) => status is "complete";
}
