namespace Sacoche.Competences.Application.Entries;

/// <summary>One cell to write. <see cref="Version"/> is the version the client last read (absent or 0: the cell was empty).</summary>
public sealed record EntryWrite(Guid StudentId, long ItemId, string? Code, int? Version);

public sealed record CellResponse(Guid StudentId, long ItemId, string Code, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt);

public sealed record GridStudent(Guid StudentId, string LastName, string FirstName, IReadOnlyList<CellResponse> Cells);

public sealed record GridItem(long ItemId, string Name);

/// <summary>The entry grid of an evaluation: its students × its items (empty cells as "NN", version 0).</summary>
public sealed record GridResponse(long EvaluationId, IReadOnlyList<GridItem> Items, IReadOnlyList<GridStudent> Students);

/// <summary>A cell a colleague changed since the client read it: its current value, and the version the client sent.</summary>
public sealed record ConflictCell(Guid StudentId, long ItemId, string Code, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt, int YourVersion);

/// <summary>One change of a cell, as the audit trail keeps it.</summary>
public sealed record EntryAuditResponse(Guid StudentId, long ItemId, string? OldCode, string? NewCode, Guid ChangedBy, DateTimeOffset ChangedAt);
