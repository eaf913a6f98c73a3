namespace Sacoche.Competences.Application.Reports;

public sealed record ReportEntry(DateOnly Date, long EvaluationId, string Evaluation, string Code, string Sigle);

/// <summary>An item of a relevé; <see cref="PendingRequest"/>: the student has a pending evaluation request on it (shown as PA, never scored).</summary>
public sealed record ReportItem(long ItemId, long ReferentialId, string DisplayRef, string Name, int Coef, int? Score, string? State, IReadOnlyList<ReportEntry> Entries,
    bool PendingRequest = false);

public sealed record ReportSubject(string SubjectCode, string SubjectName, int? Mean, int? PercentAcquired, decimal? OutOf20, IReadOnlyList<ReportItem> Items);

public sealed record StudentReport(Guid StudentId, string LastName, string FirstName, DateOnly? From, DateOnly? To, IReadOnlyList<ReportSubject> Subjects,
    long? PeriodId = null, string? PeriodName = null);

/// <summary>One domain or theme of a synthesis (per the referential's synthesis mode).</summary>
public sealed record SynthesisGroup(string Kind, long ReferentialId, string LevelCode, string Name, int Items, int? Mean, int? PercentAcquired, IReadOnlyList<StateCount> States);

public sealed record SynthesisSubject(string SubjectCode, string SubjectName, int? Mean, int? PercentAcquired, decimal? OutOf20, IReadOnlyList<SynthesisGroup> Groups);

public sealed record StudentSynthesis(Guid StudentId, string LastName, string FirstName, PeriodInfo Period, IReadOnlyList<SynthesisSubject> Subjects);

public sealed record ChronologyEntry(long ItemId, string DisplayRef, string Name, string Sigle);

/// <summary>One evaluation of the bilan chronologique, with the subject's aggregates as they stood after it.</summary>
public sealed record ChronologyPoint(DateOnly Date, long EvaluationId, string Evaluation, IReadOnlyList<ChronologyEntry> Entries, int ItemsAssessed, int? Mean, int? PercentAcquired);

public sealed record StudentChronology(Guid StudentId, string LastName, string FirstName, string? SubjectCode, string? SubjectName, PeriodInfo Period, IReadOnlyList<ChronologyPoint> Points);
