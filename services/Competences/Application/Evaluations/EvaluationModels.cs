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

/// <summary>Body of PUT /evaluations/{id}/done: the « terminé » flag.</summary>
public sealed record EvaluationDoneRequest(bool Done);

/// <summary>
/// An evaluation as its readers see it; <see cref="MyRight"/> is the caller's ("proprietaire", "voir", "saisir", "modifier").
/// <see cref="EnteredCells"/> counts its entries with a real code (neither NN nor PA), <see cref="ExpectedCells"/> is students × items.
/// </summary>
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
    string MyRight,
    bool Done,
    int EnteredCells,
    int ExpectedCells);
