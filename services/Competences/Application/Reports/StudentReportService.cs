using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Exports;
using Sacoche.Competences.Infrastructure;
using static Sacoche.Competences.Application.Reports.StudentReportBuilder;

namespace Sacoche.Competences.Application.Reports;

/// <summary>A student's reports: relevé (JSON, CSV, PDF), synthesis by domain or theme, chronology. The period: periodId or from/to.</summary>
public sealed class StudentReportService(CompetencesDbContext db, Access access, ReportAccess reports, SettingsStore settingsStore, TimeProvider clock)
{
    public async Task<Result<ReportOutput<StudentReport>>> ReportAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, long? periodId,
        string? format, CancellationToken ct)
    {
        var fmt = ReportExports.ParseFormat(format);
        if (!fmt.IsSuccess)
        {
            return fmt.Error!;
        }
        var loaded = await LoadAsync(studentId, subject, from, to, periodId, ct);
        if (!loaded.IsSuccess)
        {
            return loaded.Error!;
        }
        var d = loaded.Value;
        var subjects = Report(d.Rows, d.Window.From, d.Scoring, d.SubjectNames, d.LevelRefs);
        var pending = await db.EvaluationRequests.AsNoTracking().Where(r => r.StudentId == studentId && r.Status == "pending").Select(r => r.ItemId).ToListAsync(ct);
        if (pending.Count > 0)
        {
            subjects = [.. subjects.Select(s => s with { Items = [.. s.Items.Select(i => pending.Contains(i.ItemId) ? i with { PendingRequest = true } : i)] })];
        }
        var report = new StudentReport(studentId, d.Student.LastName, d.Student.FirstName, d.Window.From, d.Window.To,
            subjects, d.Window.PeriodId, d.Window.PeriodName);
        return ReportExports.Output(report, fmt.Value, $"releve {report.LastName} {report.FirstName}",
            ReportExports.StudentCsv, r => ReportExports.StudentPdf(r, d.Scoring, d.Window, d.Student.ClassCode));
    }

    public async Task<Result<StudentSynthesis>> SynthesisAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, long? periodId, CancellationToken ct) =>
        (await LoadAsync(studentId, subject, from, to, periodId, ct)).Map(Synthesis);

    public async Task<Result<StudentChronology>> ChronologyAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, long? periodId, CancellationToken ct) =>
        (await LoadAsync(studentId, subject, from, to, periodId, ct)).Map(d => Chronology(d, subject));

    /// <summary>The student's rows (one query), settings and names, once the caller may read them.</summary>
    private async Task<Result<StudentReportData>> LoadAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, long? periodId, CancellationToken ct)
    {
        if ((await reports.StudentAsync(studentId, ct)).Error is { } denied)
        {
            return denied;
        }
        var settings = await settingsStore.GetAsync(ct);
        var resolved = await ReportWindow.ResolveAsync(db, periodId, from, to, ct);
        if (!resolved.IsSuccess)
        {
            return resolved.Error!;
        }
        var window = resolved.Value;
        var student = await db.Users.AsNoTracking().FirstAsync(u => u.UserId == studentId, ct);
        // Students and parents see an entry only from the evaluation's visible date on.
        DateOnly? visibleUntil = access.IsStudent || access.IsGuardian ? DateOnly.FromDateTime(clock.GetLocalNow().Date) : null;
        var rows = await StudentReportQueries.RowsAsync(db, studentId, subject, window.To, visibleUntil, ct);
        var subjectNames = await ReportData.SubjectNamesAsync(db, rows.Select(r => r.SubjectCode).Append(subject ?? "").Distinct().ToArray(), ct);
        var levelRefs = await db.Levels.AsNoTracking().ToDictionaryAsync(l => l.Code, l => l.Ref, ct);
        return new StudentReportData(student, rows, new ScoringContext(settings), window, subjectNames, levelRefs);
    }
}
