using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Exports;
using Sacoche.Competences.Infrastructure;
using static Sacoche.Competences.Application.Reports.StudentReportBuilder;

namespace Sacoche.Competences.Application.Reports;

/// <summary>A student's reports: relevé (JSON, CSV, PDF), synthesis by domain or theme, chronology. The period: periodId or from/to.</summary>
public sealed class StudentReportService(CompetencesDbContext db, Access access, ReportAccess reports, SettingsStore settingsStore, TimeProvider clock)
{
    public async Task<Result<ReportOutput<StudentReport>>> ReportAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, int? periodId,
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
        var report = new StudentReport(studentId, d.Student.LastName, d.Student.FirstName, d.Window.From, d.Window.To,
            Report(d.Rows, d.Window.From, d.Scoring, d.SubjectNames, d.LevelRefs), d.Window.PeriodId, d.Window.PeriodName);
        return ReportExports.Output(report, fmt.Value, $"releve {report.LastName} {report.FirstName}",
            ReportExports.StudentCsv, r => ReportExports.StudentPdf(r, d.Scoring, d.Window, d.Student.ClassCode));
    }

    public async Task<Result<StudentSynthesis>> SynthesisAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, int? periodId, CancellationToken ct) =>
        (await LoadAsync(studentId, subject, from, to, periodId, ct)).Map(Synthesis);

    public async Task<Result<StudentChronology>> ChronologyAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, int? periodId, CancellationToken ct) =>
        (await LoadAsync(studentId, subject, from, to, periodId, ct)).Map(d => Chronology(d, subject));

    /// <summary>The student's rows in ONE query (entries ⋈ evaluations ⋈ items ⋈ themes ⋈ domains ⋈ referentials), once the caller may read them.</summary>
    private async Task<Result<StudentReportData>> LoadAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, int? periodId, CancellationToken ct)
    {
        if ((await reports.StudentAsync(studentId, ct)).Error is { } denied)
        {
            return denied;
        }
        var settings = await settingsStore.GetAsync(ct);
        var resolved = ReportWindow.Resolve(settings, periodId, from, to);
        if (!resolved.IsSuccess)
        {
            return resolved.Error!;
        }
        var window = resolved.Value;
        var student = await db.Users.AsNoTracking().FirstAsync(u => u.UserId == studentId, ct);
        // Students and parents see an entry only from the evaluation's visible date on.
        DateOnly? visibleUntil = access.IsStudent || access.IsGuardian ? DateOnly.FromDateTime(clock.GetLocalNow().Date) : null;

        // The whole report in one query: entries ⋈ evaluations ⋈ items ⋈ themes ⋈ domains ⋈ referentials.
        var query =
            from e in db.Entries
            // Joins on the full keys (establishment_id first): primary key lookups, and co-located rows once sharded.
            join ev in db.Evaluations on new { e.EstablishmentId, Id = e.EvaluationId } equals new { ev.EstablishmentId, ev.Id }
            join i in db.Items on new { e.EstablishmentId, Id = e.ItemId } equals new { i.EstablishmentId, i.Id }
            join th in db.Themes on new { i.EstablishmentId, Id = i.ThemeId } equals new { th.EstablishmentId, th.Id }
            join d in db.Domains on new { th.EstablishmentId, Id = th.DomainId } equals new { d.EstablishmentId, d.Id }
            join r in db.Referentials on new { i.EstablishmentId, Id = i.ReferentialId } equals new { r.EstablishmentId, r.Id }
            where e.StudentId == studentId
            select new { e, ev, i, th, d, r };
        if (!string.IsNullOrEmpty(subject))
        {
            query = query.Where(x => x.r.SubjectCode == subject);
        }
        if (window.To is { } upper)
        {
            query = query.Where(x => x.ev.Date <= upper);
        }
        if (visibleUntil is { } today)
        {
            query = query.Where(x => x.ev.VisibleDate <= today);
        }
        var rows = await query
            .OrderBy(x => x.r.SubjectCode).ThenBy(x => x.r.LevelCode).ThenBy(x => x.d.Order).ThenBy(x => x.th.Order).ThenBy(x => x.i.Order)
            .ThenBy(x => x.i.Id).ThenBy(x => x.ev.Date).ThenBy(x => x.ev.Id)
            .Select(x => new StudentReportRow(x.r.SubjectCode, x.r.Id, x.r.Method, x.r.Limit, x.r.Retroactivity, x.r.LevelCode, x.r.SynthesisMode,
                x.i.Id, x.i.Name, x.i.Coefficient, x.d.Code, x.d.Name, x.th.Order, x.th.Name, x.i.Order,
                x.ev.Date, x.ev.Id, x.ev.Description, x.e.Code))
            .AsNoTracking().ToListAsync(ct);

        var subjectNames = await ReportData.SubjectNamesAsync(db, rows.Select(r => r.SubjectCode).Append(subject ?? "").Distinct().ToArray(), ct);
        var levelRefs = await db.Levels.AsNoTracking().ToDictionaryAsync(l => l.Code, l => l.Ref, ct);
        return new StudentReportData(student, rows, new ScoringContext(settings), window, subjectNames, levelRefs);
    }

}
