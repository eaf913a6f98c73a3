namespace Sacoche.Competences.Application.Roster;

public sealed record ChildDto(Guid StudentId, string LastName, string FirstName, string? ClassCode);

public sealed record ClassDto(string Code, string Name, string? LevelCode, int StudentCount);

public sealed record GroupDto(string Code, string Name, int StudentCount);

public sealed record StructuresResponse(IReadOnlyList<ClassDto> Classes, IReadOnlyList<GroupDto> Groups);

public sealed record ColleagueDto(Guid UserId, string LastName, string FirstName, string Profile);
