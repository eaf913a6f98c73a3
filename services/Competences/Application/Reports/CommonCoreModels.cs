namespace Sacoche.Competences.Application.Reports;

/// <summary>Body of PUT …/positionings: a degree 1–4, or null to remove the positionnement.</summary>
public sealed record PositioningRequest(int Cycle, string Component, int? Degree);
