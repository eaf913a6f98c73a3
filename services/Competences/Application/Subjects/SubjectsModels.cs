namespace Sacoche.Competences.Application.Subjects;

/// <summary>A subject; <c>Origin</c>: « nationale », « importée » (from STS) or « établissement » (created locally).</summary>
public sealed record SubjectResponse(string Code, string? BcnCode, string Name, string Origin);

public sealed record LevelResponse(string Code, string Name, string Ref, int Order, bool IsCycle, string MefMask);

public sealed record CreateSubjectRequest(string Code, string Name, string? BcnCode);
