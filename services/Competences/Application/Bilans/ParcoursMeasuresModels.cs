namespace Sacoche.Competences.Application.Bilans;

// Contracts of /api/competences/bilans/{classCode}/{periodId}/parcours, …/measures and /students/{studentId}/measures (docs/domain/bilans.md).

/// <summary>A parcours éducatif of the class for the period, with its project.</summary>
public sealed record BilanParcoursItem(string Code, string Label, string Description, Guid ChangedBy, DateTimeOffset ChangedAt);

/// <summary>GET/PUT …/parcours: the class's parcours for the period (PAR_AVN, PAR_CIT, PAR_SAN, PAR_ART, in that order).</summary>
/// <param name="CanWrite">Administrator, direction and the class's principal teacher.</param>
public sealed record BilanParcoursResponse(string ClassCode, string ClassName, long PeriodId, string PeriodName, bool CanWrite, IReadOnlyList<BilanParcoursItem> Parcours);

public sealed record BilanParcoursEntry(string? Code, string? Description);

/// <summary>PUT …/parcours: the whole set of the class for the period (an empty list removes every parcours).</summary>
public sealed record BilanParcoursWrite(IReadOnlyList<BilanParcoursEntry>? Parcours);

/// <summary>An accompaniment measure of a student; only PPRE carries a complement.</summary>
public sealed record StudentMeasureItem(string Code, string Label, string? Complement);

public sealed record StudentMeasures(Guid StudentId, string LastName, string FirstName, IReadOnlyList<StudentMeasureItem> Measures);

/// <summary>GET …/measures: the class's students with their accompaniment measures (PAP, PPS, PPRE, ULIS, SEGPA, UPE2A, PAI).</summary>
/// <param name="CanWrite">Administrator, direction, CPE and the class's principal teacher.</param>
public sealed record BilanMeasuresResponse(string ClassCode, string ClassName, long PeriodId, string PeriodName, bool CanWrite, IReadOnlyList<StudentMeasures> Students);

public sealed record StudentMeasureEntry(string? Code, string? Complement);

/// <summary>PUT /students/{studentId}/measures: the student's whole set (an empty list removes every measure).</summary>
public sealed record StudentMeasuresWrite(IReadOnlyList<StudentMeasureEntry>? Measures);
