namespace Sacoche.Competences.Application.CycleBilans;

// Contracts of /api/competences/cycle-bilans… (docs/domain/common-core.md, « Bilan de fin de cycle »).

public sealed record CycleBilanStudent(Guid Id, string LastName, string FirstName, string? ClassCode, string? ClassName);

/// <summary>
/// One of the 8 components: degrees 1–4, 0 = not assessed (« Non évalué »). <see cref="EffectiveDegree"/> is the teacher's
/// positionnement when there is one, else the computed degree (the common core sheet's rule).
/// </summary>
public sealed record CycleBilanComponent(string Code, string Label, int ComputedDegree, string ComputedLabel, int? PositionedDegree, string? PositionedLabel,
    int EffectiveDegree, string EffectiveLabel);

/// <summary>The « enseignement de complément »: a code (AUC, LCA, LCR, PRO, LSF, LVE) and, except for AUC, a level 1 or 2.</summary>
public sealed record CycleBilanComplement(string Code, string Label, int? Level, string? LevelLabel);

/// <summary>GET /cycle-bilans/{studentId}?cycle=: a student's end-of-cycle bilan (nothing written yet: version 0).</summary>
/// <param name="CanWrite">The caller may write the synthesis and the complement (principal teacher, direction, administrator).</param>
/// <param name="CanUnlock">The caller may unlock a locked bilan (direction, administrator).</param>
public sealed record CycleBilanResponse(CycleBilanStudent Student, int Cycle, string CycleLabel, IReadOnlyList<CycleBilanComponent> Components,
    string? Synthesis, CycleBilanComplement? Complement, DateTimeOffset? LockedAt, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt,
    bool CanWrite, bool CanUnlock);

/// <summary>
/// PUT /cycle-bilans/{studentId}?cycle=: null members are left as they are; <c>synthesis</c> "" clears it, <c>complementCode</c> "" removes
/// the complement; <c>lock</c> true locks (a synthesis is required), false unlocks (direction, administrator).
/// </summary>
public sealed record CycleBilanWrite(string? Synthesis, string? ComplementCode, int? ComplementLevel, bool? Lock, int? Version);

public sealed record CycleBilanComponentHeader(string Code, string Label);

/// <summary>A student of the class list: effective degrees in the order of <see cref="CycleBilanClassList.Components"/> (0 = not assessed).</summary>
public sealed record CycleBilanClassRow(Guid StudentId, string LastName, string FirstName, IReadOnlyList<int> Degrees, bool HasSynthesis,
    string? ComplementCode, bool Locked, DateTimeOffset? LockedAt);

/// <summary>GET /cycle-bilans?classCode=&amp;cycle=: the progress of a class's end-of-cycle bilans.</summary>
public sealed record CycleBilanClassList(string ClassCode, string ClassName, int Cycle, string CycleLabel, bool CanWrite,
    IReadOnlyList<CycleBilanComponentHeader> Components, IReadOnlyList<CycleBilanClassRow> Students);
