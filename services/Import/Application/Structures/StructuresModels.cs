namespace Sacoche.Import.Application.Structures;

public sealed record StructureTeacher(Guid Id, string LastName, string FirstName, IReadOnlyList<string> Subjects);

/// <param name="Kind">class or group.</param>
public sealed record StructureSummary(
    string Kind,
    string Code,
    string? Label,
    IReadOnlyList<string> ClassCodes,
    bool Imported,
    int MemberCount,
    IReadOnlyList<StructureTeacher> Teachers);

public sealed record StructureMember(Guid Id, string Profile, string LastName, string FirstName, DateOnly? BirthDate, string? ClassCode);

public sealed record StructureDetails(
    string Kind,
    string Code,
    string? Label,
    IReadOnlyList<string> ClassCodes,
    bool Imported,
    int MemberCount,
    IReadOnlyList<StructureMember> Members,
    IReadOnlyList<StructureTeacher> Teachers);
