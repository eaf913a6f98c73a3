namespace Sacoche.Import.Domain;

/// <param name="Code">BCN code (6 digits), MATIERE@CODE, e.g. 030201.</param>
/// <param name="ManagementCode">CODE_GESTION (≤ 5 chars), e.g. FRANC.</param>
public sealed record StsSubject(string Code, string ManagementCode, string? ShortLabel, string? LongLabel, string? EditionLabel);

public sealed record StsMef(string Code, string? ShortLabel, string? LongLabel);

public sealed record StsDiscipline(string Code, string? ShortLabel);

/// <param name="StsId">INDIVIDU@ID.</param>
/// <param name="Type">INDIVIDU@TYPE ("epp", "local").</param>
/// <param name="Profile">FONCTION (ENS when missing).</param>
/// <param name="PrincipalOfClasses">Classes whose PROF_PRINC/DATE_FIN is today or later.</param>
public sealed record StsStaff(
    string StsId,
    string? Type,
    string Profile,
    Gender? Gender,
    string? Civility,
    string LastName,
    string FirstName,
    DateOnly? BirthDate,
    IReadOnlyList<string> PrincipalOfClasses,
    IReadOnlyList<StsDiscipline> Disciplines,
    int Line);

public enum StructureKind
{
    Class = 1,
    Group = 2,
}

public sealed record StsClass(string Code, string? Label, IReadOnlyList<string> MefCodes);

public sealed record StsGroup(string Code, string? Label, IReadOnlyList<string> ClassCodes);

/// <summary>One teacher teaching one subject to one class or group.</summary>
/// <param name="SubjectBcnCode">SERVICE@CODE_MATIERE.</param>
/// <param name="SubjectCode">CODE_GESTION from the nomenclature (null when the code is unknown).</param>
public sealed record StsService(string TeacherStsId, string StructureCode, StructureKind Kind, string SubjectBcnCode, string? SubjectCode);

public sealed record StsFile(
    string Uai,
    int SchoolYear,
    IReadOnlyList<StsSubject> Subjects,
    IReadOnlyList<StsMef> Mefs,
    IReadOnlyList<StsStaff> Staff,
    IReadOnlyList<StsClass> Classes,
    IReadOnlyList<StsGroup> Groups,
    IReadOnlyList<StsService> Services,
    IReadOnlyList<ImportWarning> Warnings);
