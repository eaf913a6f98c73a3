namespace Sacoche.Competences.Application.Lsu;

/// <summary>The stable codes of the pre-export check (docs/domain/lsu.md, « Check »).</summary>
public static class LsuCheckCodes
{
    public const string Error = "error";
    public const string Warning = "warning";

    // Establishment.
    public const string EstablishmentWithoutUai = "establishment-without-uai";
    public const string NoHeadOfEstablishment = "no-head-of-establishment";
    public const string NothingToExport = "nothing-to-export";

    // Roster (imports).
    public const string ClassCodeTooLong = "class-code-too-long";
    public const string StudentWithoutSiecleId = "student-without-siecle-id";
    public const string DuplicateSiecleId = "duplicate-siecle-id";
    public const string TeacherWithoutStsId = "teacher-without-sts-id";
    public const string SubjectWithoutBcnCode = "subject-without-bcn-code";
    public const string SubjectNameTooLong = "subject-name-too-long";
    public const string DuplicateDiscipline = "duplicate-discipline";
    public const string StudentWithoutSubject = "student-without-subject";

    // Periodic bilans.
    public const string BilanNotComplete = "bilan-not-complete";
    public const string MissingElement = "missing-element";
    public const string ElementTooLong = "element-too-long";
    public const string AppreciationTooLong = "appreciation-too-long";
    public const string MissingSubjectAppreciation = "missing-subject-appreciation";
    public const string MissingGeneralAppreciation = "missing-general-appreciation";
    public const string GeneralAppreciationTooLong = "general-appreciation-too-long";
    public const string MissingAttendance = "missing-attendance";

    // End-of-cycle bilans.
    public const string CycleBilanNotLocked = "cycle-bilan-not-locked";
    public const string CycleBilanWithoutSynthesis = "cycle-bilan-without-synthesis";
    public const string CycleBilanSynthesisTooLong = "cycle-bilan-synthesis-too-long";
    public const string CycleBilanDomainNotAssessed = "cycle-bilan-domain-not-assessed";

    /// <summary>The produced file broke the schema (a bug of the export: the check should have said why).</summary>
    public const string SchemaInvalid = "schema-invalid";

    public static IReadOnlyList<string> All { get; } =
    [
        EstablishmentWithoutUai, NoHeadOfEstablishment, NothingToExport, ClassCodeTooLong, StudentWithoutSiecleId, DuplicateSiecleId,
        TeacherWithoutStsId, SubjectWithoutBcnCode, SubjectNameTooLong, DuplicateDiscipline, StudentWithoutSubject, BilanNotComplete,
        MissingElement, ElementTooLong, AppreciationTooLong, MissingSubjectAppreciation, MissingGeneralAppreciation, GeneralAppreciationTooLong,
        MissingAttendance, CycleBilanNotLocked, CycleBilanWithoutSynthesis, CycleBilanSynthesisTooLong, CycleBilanDomainNotAssessed, SchemaInvalid,
    ];
}

/// <summary>Relative URLs of the Web pages where a problem is fixed.</summary>
public static class LsuLinks
{
    public const string Imports = "/admin/imports";
    public const string Establishment = "/admin/etablissement";
    public const string Head = "/bilans/lsu#responsable";
    public const string Board = "/bilans";

    public static string Sheet(string classCode, long periodId) => $"/bilans/{Uri.EscapeDataString(classCode)}/{periodId}";

    public static string General(string classCode, long periodId) => Sheet(classCode, periodId) + "/appreciation-generale";

    public static string Attendance(string classCode, long periodId) => Sheet(classCode, periodId) + "/vie-scolaire";

    public static string CycleBilan(Guid studentId, int cycle) => $"/socle/eleve/{studentId}/bilan-de-cycle?cycle={cycle}";
}

/// <summary>The problems of one check or export, each reported once (a teacher without STS id is one problem, not one per line).</summary>
internal sealed class LsuProblemList
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public List<LsuProblem> Items { get; } = [];

    public int Errors { get; private set; }

    public int Warnings { get; private set; }

    public void Add(string severity, string code, string message, string? classCode = null, long? periodId = null, Guid? studentId = null,
        string? studentName = null, Guid? teacherId = null, string? teacherName = null, string? subjectCode = null, string? link = null)
    {
        if (!_seen.Add($"{code}|{classCode}|{periodId}|{studentId}|{teacherId}|{subjectCode}"))
        {
            return;
        }
        Items.Add(new LsuProblem(severity, code, message, classCode, periodId, studentId, studentName, teacherId, teacherName, subjectCode, link));
        if (severity == LsuCheckCodes.Error)
        {
            Errors++;
        }
        else
        {
            Warnings++;
        }
    }

    public void Error(string code, string message, string? classCode = null, long? periodId = null, Guid? studentId = null, string? studentName = null,
        Guid? teacherId = null, string? teacherName = null, string? subjectCode = null, string? link = null) =>
        Add(LsuCheckCodes.Error, code, message, classCode, periodId, studentId, studentName, teacherId, teacherName, subjectCode, link);

    public void Warning(string code, string message, string? classCode = null, long? periodId = null, Guid? studentId = null, string? studentName = null,
        Guid? teacherId = null, string? teacherName = null, string? subjectCode = null, string? link = null) =>
        Add(LsuCheckCodes.Warning, code, message, classCode, periodId, studentId, studentName, teacherId, teacherName, subjectCode, link);
}
