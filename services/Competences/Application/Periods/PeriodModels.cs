namespace Sacoche.Competences.Application.Periods;

/// <summary>Body of POST and PUT /periods. No class code: every class of the establishment follows the period.</summary>
public sealed record PeriodRequest(string? Name, DateOnly? Start, DateOnly? End, IReadOnlyList<string>? ClassCodes);

/// <param name="InUse">A bilan (status, line or archive) refers to it: it cannot be deleted.</param>
public sealed record PeriodResponse(long Id, string Name, DateOnly Start, DateOnly End, IReadOnlyList<string> ClassCodes, bool InUse);
