namespace Sacoche.Web.Api;

// Shapes of the report APIs (class/group reports, common core, the caller's structures and children).
// The Competences API computes every value; these records only mirror what the pages show.

public sealed record PeriodInfoView(long? PeriodId, string? Name, DateOnly? From, DateOnly? To);

public sealed record StateLegendView(int Id, string Sigle, string Legend, string Color, int Min, int Max);

public sealed record StateCountView(string Sigle, int Count);

public sealed record ClassReportItemView(long ItemId, long ReferentialId, string SubjectCode, string DisplayRef, string Name, string? Abbrev, int Coef,
    int? Mean, List<StateCountView> Distribution, int NotAssessed);

public sealed record ClassReportCellView(int? Score, string? State);

public sealed record ClassReportStudentView(Guid StudentId, string LastName, string FirstName, int? Mean, int? PercentAcquired, decimal? OutOf20,
    List<ClassReportCellView> Cells);

public sealed record ClassReportView(string Code, string Name, bool IsGroup, string? SubjectCode, string? SubjectName, PeriodInfoView Period,
    List<StateLegendView> States, List<ClassReportItemView> Items, List<ClassReportStudentView> Students);

public sealed record MasteryThresholdsView(int FragileFrom, int SatisfactoryFrom, int VeryGoodFrom);

public sealed record CommonCoreItemScoreView(long ItemId, string SubjectCode, string DisplayRef, string Name, int Score, string State);

public sealed record PositioningInfoView(int Degree, string Label, int? ComputedDegreeThen, int? ComputedPercentThen, Guid SetBy, DateTimeOffset SetAt);

public sealed record CommonCoreComponentView(string Component, string Label, int LinkedItems, int? Percent,
    int? ComputedDegree, string? ComputedLabel, PositioningInfoView? Positioning, int? EffectiveDegree, string? EffectiveLabel, int BrevetPoints,
    List<CommonCoreItemScoreView> Items);

public sealed record CommonCoreSheetView(Guid StudentId, string LastName, string FirstName, string? ClassCode, int Cycle, string CycleLabel,
    MasteryThresholdsView? Thresholds, List<CommonCoreComponentView> Components, int BrevetPoints, bool Complete);

public sealed record CommonCoreHeaderView(string Component, string Label, int LinkedItems);

public sealed record CommonCoreCellView(int? Percent, int? ComputedDegree, int? PositionedDegree, int? EffectiveDegree, int BrevetPoints);

public sealed record CommonCoreRowView(Guid StudentId, string LastName, string FirstName, string? ClassCode, List<CommonCoreCellView> Cells, int BrevetPoints, bool Complete);

public sealed record CommonCoreClassView(string? Code, string? Name, int Cycle, string CycleLabel, MasteryThresholdsView? Thresholds,
    List<CommonCoreHeaderView> Components, List<CommonCoreRowView> Students);

/// <summary>Body of PUT common-core/students/{id}/positionings (null degree removes the positionnement).</summary>
public sealed record PositioningBody(int Cycle, string Component, int? Degree);

/// <summary>GET api/competences/me/children: a parent's children.</summary>
public sealed record ChildView(Guid StudentId, string? LastName, string? FirstName, string? ClassCode);

/// <summary>A period (GET api/competences/periods).</summary>
public sealed record PeriodView(long Id, string Name, DateOnly Start, DateOnly End, List<string> ClassCodes, bool InUse);
