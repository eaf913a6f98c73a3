namespace Sacoche.Competences.Application.Evaluations;

/// <summary>A colleague an evaluation is shared with, and their right ("voir", "saisir" or "modifier").</summary>
public sealed record ShareDto(Guid TeacherId, string Right);

/// <summary>Body of POST and PUT: exactly one target (class, group or a selection of students).</summary>
public sealed record EvaluationRequest(
    string? ClassCode,
    string? GroupCode,
    IReadOnlyList<Guid>? StudentIds,
    DateOnly Date,
    DateOnly? VisibleDate,
    DateOnly? SelfAssessmentUntil,
    string? Description,
    IReadOnlyList<long>? ItemIds,
    IReadOnlyList<ShareDto>? SharedWith);

/// <summary>An evaluation as its readers see it; <see cref="MyRight"/> is the caller's ("proprietaire", "voir", "saisir", "modifier").</summary>
public sealed record EvaluationResponse(
    long Id,
    Guid OwnerId,
    string? ClassCode,
    string? GroupCode,
    IReadOnlyList<Guid> StudentIds,
    DateOnly Date,
    DateOnly VisibleDate,
    DateOnly? SelfAssessmentUntil,
    string Description,
    IReadOnlyList<long> ItemIds,
    IReadOnlyList<ShareDto> SharedWith,
    string MyRight);
