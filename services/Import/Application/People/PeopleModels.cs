namespace Sacoche.Import.Application.People;

public sealed record PeopleQuery(string? Profile, string? Class, string? Q, int? Page, int? PageSize, bool? IncludeRetired);

public sealed record PersonListItem(
    Guid Id,
    string Profile,
    string LastName,
    string FirstName,
    DateOnly? BirthDate,
    string? ClassCode,
    DateOnly? ExitDate,
    string? EntId,
    long Version);


/// <param name="StudentKey">The student's SIECLE id or spreadsheet number; <paramref name="StudentId"/> when the student is in the directory.</param>
public sealed record PersonChild(string StudentKey, Guid? StudentId, int LegalRank, string? LastName, string? FirstName, string? ClassCode);

public sealed record PersonGuardian(Guid GuardianId, int LegalRank, string LastName, string FirstName, string? Email);

/// <param name="Kind">class or group.</param>
public sealed record PersonService(string Kind, string StructureCode, string? SubjectCode);

public sealed record PersonDetails(
    Guid Id,
    string Profile,
    string LastName,
    string FirstName,
    DateOnly? BirthDate,
    string? Gender,
    string? Email,
    string? SiecleId,
    string? Elenoet,
    string? Ine,
    string? StsId,
    string? Reference,
    string? ClassCode,
    IReadOnlyList<string> GroupCodes,
    DateOnly? ExitDate,
    string? EntId,
    long Version,
    IReadOnlyList<string> PrincipalOfClasses,
    IReadOnlyList<PersonChild> Children,
    IReadOnlyList<PersonGuardian> Guardians,
    IReadOnlyList<PersonService> Services);
