using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Exports;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Apis;

public sealed record ReportEntry(DateOnly Date, long EvaluationId, string Evaluation, string Code, string Sigle);

public sealed record ReportItem(long ItemId, long ReferentialId, string DisplayRef, string Name, int Coef, int? Score, string? State, IReadOnlyList<ReportEntry> Entries);

public sealed record ReportSubject(string SubjectCode, string SubjectName, int? Mean, int? PercentAcquired, decimal? OutOf20, IReadOnlyList<ReportItem> Items);

public sealed record StudentReport(Guid StudentId, string LastName, string FirstName, DateOnly? From, DateOnly? To, IReadOnlyList<ReportSubject> Subjects,
    int? PeriodId = null, string? PeriodName = null);

/// <summary>One domain or theme of a synthesis (per the referential's synthesis mode).</summary>
public sealed record SynthesisGroup(string Kind, long ReferentialId, string LevelCode, string Name, int Items, int? Mean, int? PercentAcquired, IReadOnlyList<StateCount> States);

public sealed record SynthesisSubject(string SubjectCode, string SubjectName, int? Mean, int? PercentAcquired, decimal? OutOf20, IReadOnlyList<SynthesisGroup> Groups);

public sealed record StudentSynthesis(Guid StudentId, string LastName, string FirstName, PeriodInfo Period, IReadOnlyList<SynthesisSubject> Subjects);

public sealed record ChronologyEntry(long ItemId, string DisplayRef, string Name, string Sigle);

/// <summary>One evaluation of the bilan chronologique, with the subject's aggregates as they stood after it.</summary>
public sealed record ChronologyPoint(DateOnly Date, long EvaluationId, string Evaluation, IReadOnlyList<ChronologyEntry> Entries, int ItemsAssessed, int? Mean, int? PercentAcquired);

public sealed record StudentChronology(Guid StudentId, string LastName, string FirstName, string? SubjectCode, string? SubjectName, PeriodInfo Period, IReadOnlyList<ChronologyPoint> Points);

public static class ReportsApi
{
    /// <summary>One row of the student report query: an entry with its evaluation, item and referential.</summary>
    private sealed record Row(
        string SubjectCode, long ReferentialId, string Method, int Limit, string Retroactivity, string LevelCode, string SynthesisMode,
        long ItemId, string ItemName, int Coef, string DomainCode, string DomainName, int ThemeOrder, string ThemeName, int ItemOrder,
        DateOnly Date, long EvaluationId, string Description, string Code);

    private sealed record StudentData(RosterUser Student, List<Row> Rows, ScoringContext Scoring, ReportWindow Window,
        Dictionary<string, string> SubjectNames, Dictionary<string, string> LevelRefs);

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/students/{studentId:guid}", async (Guid studentId, string? subject, DateOnly? from, DateOnly? to, int? periodId, string? format,
            Access access, CompetencesDbContext db, SettingsStore settingsStore, TimeProvider clock, CancellationToken ct) =>
        {
            if (!ReportExports.TryParseFormat(format, out var fmt))
            {
                return Problems.Validation(ReportExports.FormatError);
            }
            var (data, problem) = await LoadStudentAsync(studentId, subject, from, to, periodId, access, db, settingsStore, clock, ct);
            if (problem is not null)
            {
                return problem;
            }
            var d = data!;
            var report = new StudentReport(studentId, d.Student.LastName, d.Student.FirstName, d.Window.From, d.Window.To,
                BuildReport(d.Rows, d.Window.From, d.Scoring, d.SubjectNames, d.LevelRefs), d.Window.PeriodId, d.Window.PeriodName);
            return fmt switch
            {
                "csv" => ReportExports.File(ReportExports.StudentCsv(report), "csv", $"releve {report.LastName} {report.FirstName}"),
                "pdf" => ReportExports.File(ReportExports.StudentPdf(report, d.Scoring, d.Window, d.Student.ClassCode), "pdf", $"releve {report.LastName} {report.FirstName}"),
                _ => TypedResults.Ok(report),
            };
        }).MeasuredAs("student").WithSummary("Relevé d'évaluations d'un élève. Période : periodId (périodes des paramètres) ou from/to. "
            + "Export : format=csv (UTF-8 avec BOM, séparateur ;) ou format=pdf (imprimable).");

        api.MapGet("/reports/students/{studentId:guid}/synthesis", async (Guid studentId, string? subject, DateOnly? from, DateOnly? to, int? periodId,
            Access access, CompetencesDbContext db, SettingsStore settingsStore, TimeProvider clock, CancellationToken ct) =>
        {
            var (data, problem) = await LoadStudentAsync(studentId, subject, from, to, periodId, access, db, settingsStore, clock, ct);
            if (problem is not null)
            {
                return problem;
            }
            return TypedResults.Ok(BuildSynthesis(data!));
        }).MeasuredAs("student_synthesis").WithSummary("Synthèse d'un élève par matière, agrégée par domaine ou par thème selon le mode de synthèse du référentiel "
            + "(pourcentage d'items acquis et moyenne). Période : periodId ou from/to.");

        api.MapGet("/reports/students/{studentId:guid}/chronology", async (Guid studentId, string? subject, DateOnly? from, DateOnly? to, int? periodId,
            Access access, CompetencesDbContext db, SettingsStore settingsStore, TimeProvider clock, CancellationToken ct) =>
        {
            var (data, problem) = await LoadStudentAsync(studentId, subject, from, to, periodId, access, db, settingsStore, clock, ct);
            if (problem is not null)
            {
                return problem;
            }
            return TypedResults.Ok(BuildChronology(data!, subject));
        }).MeasuredAs("student_chronology").WithSummary("Bilan chronologique d'un élève : ses évaluations dans l'ordre des dates, avec la moyenne et le pourcentage "
            + "d'items acquis de la matière après chacune.");
        return api;
    }

    private static async Task<(StudentData? Data, IResult? Problem)> LoadStudentAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, int? periodId,
        Access access, CompetencesDbContext db, SettingsStore settingsStore, TimeProvider clock, CancellationToken ct)
    {
        var reach = await access.CanReachStudentAsync(studentId, ct);
        if (reach is null)
        {
            return (null, Problems.NotFound("Cet élève n'existe pas dans cet établissement."));
        }
        if (reach == false)
        {
            return (null, Problems.Forbidden("Vous n'avez pas accès aux résultats de cet élève."));
        }
        var settings = await settingsStore.GetAsync(ct);
        var (window, error) = ReportWindow.Resolve(settings, periodId, from, to);
        if (error is not null)
        {
            return (null, Problems.Validation(error));
        }
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
        if (window!.To is { } upper)
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
            .Select(x => new Row(x.r.SubjectCode, x.r.Id, x.r.Method, x.r.Limit, x.r.Retroactivity, x.r.LevelCode, x.r.SynthesisMode,
                x.i.Id, x.i.Name, x.i.Coefficient, x.d.Code, x.d.Name, x.th.Order, x.th.Name, x.i.Order,
                x.ev.Date, x.ev.Id, x.ev.Description, x.e.Code))
            .AsNoTracking().ToListAsync(ct);

        var subjectNames = await ReportData.SubjectNamesAsync(db, rows.Select(r => r.SubjectCode).Append(subject ?? "").Distinct().ToArray(), ct);
        var levelRefs = await db.Levels.AsNoTracking().ToDictionaryAsync(l => l.Code, l => l.Ref, ct);
        return (new StudentData(student, rows, new ScoringContext(settings), window, subjectNames, levelRefs), null);
    }

    private static List<ReportSubject> BuildReport(List<Row> rows, DateOnly? from, ScoringContext scoring,
        Dictionary<string, string> subjectNames, Dictionary<string, string> levelRefs)
    {
        var subjects = new List<ReportSubject>();
        var settingsByReferential = new Dictionary<long, ScoringSettings>();
        var buffer = new List<ScoreEntry>(16);
        foreach (var subjectRows in rows.GroupBy(r => r.SubjectCode))
        {
            var items = new List<ReportItem>();
            foreach (var itemRows in subjectRows.GroupBy(r => r.ItemId))
            {
                var first = itemRows.First();
                var settings = SettingsOf(first, scoring, settingsByReferential);
                buffer.Clear();
                var shown = new List<ReportEntry>();
                foreach (var row in itemRows)
                {
                    var code = EntryCode.FromStorage(row.Code);
                    buffer.Add(new ScoreEntry(row.Date, row.EvaluationId, code));
                    // PA (pending request) is never shown in reports; entries before the period only count (retroactivity).
                    if (code.AsSpecial == SpecialCode.PA || (from is { } start && row.Date < start))
                    {
                        continue;
                    }
                    shown.Add(new ReportEntry(row.Date, row.EvaluationId, row.Description, row.Code, scoring.SigleOf(code)));
                }
                int? score = ScoreCalculator.Score(buffer, settings, from, null);
                items.Add(new ReportItem(first.ItemId, first.ReferentialId, DisplayRef(first, levelRefs),
                    first.ItemName, first.Coef, score, scoring.StateOf(score), shown));
            }
            var scores = items.Select(i => i.Score).ToList();
            var mean = Aggregates.Mean(scores, [.. items.Select(i => i.Coef)]);
            var percent = Aggregates.PercentAcquired(scores, scoring.States);
            subjects.Add(new ReportSubject(subjectRows.Key, subjectNames.GetValueOrDefault(subjectRows.Key, subjectRows.Key),
                mean, percent, percent is { } p ? Aggregates.OutOf20(p) : null, items));
        }
        return subjects;
    }

    private static ScoringSettings SettingsOf(Row row, ScoringContext scoring, Dictionary<long, ScoringSettings> cache)
    {
        if (!cache.TryGetValue(row.ReferentialId, out var settings))
        {
            settings = scoring.Base.With(ScoringMethods.Parse(row.Method), row.Limit, Retroactivities.Parse(row.Retroactivity));
            cache[row.ReferentialId] = settings;
        }
        return settings;
    }

    private static string DisplayRef(Row row, Dictionary<string, string> levelRefs) =>
        $"{levelRefs.GetValueOrDefault(row.LevelCode, row.LevelCode)}.{row.DomainCode}{row.ThemeOrder}{row.ItemOrder}";

    private static StudentSynthesis BuildSynthesis(StudentData d)
    {
        var report = BuildReport(d.Rows, d.Window.From, d.Scoring, d.SubjectNames, d.LevelRefs);
        var meta = d.Rows.GroupBy(r => r.ItemId).ToDictionary(g => g.Key, g => g.First());
        var subjects = new List<SynthesisSubject>();
        foreach (var subject in report)
        {
            var groups = new List<SynthesisGroup>();
            var scored = subject.Items.Where(i => i.Score is not null).ToList();
            // Group key: referential + domain or theme (per the referential's mode); "aucun" leaves the referential out of the groups.
            foreach (var g in scored.GroupBy(i =>
            {
                var m = meta[i.ItemId];
                return SynthesisModes.ParseOrDefault(m.SynthesisMode) switch
                {
                    SynthesisMode.Domain => (m.ReferentialId, "domaine", m.DomainName, m.LevelCode),
                    SynthesisMode.Theme => (m.ReferentialId, "theme", m.ThemeName, m.LevelCode),
                    _ => (m.ReferentialId, "aucun", "", m.LevelCode),
                };
            }))
            {
                if (g.Key.Item2 == "aucun")
                {
                    continue;
                }
                var scores = g.Select(i => i.Score).ToList();
                var states = d.Scoring.States.Select(s => new StateCount(s.Sigle, g.Count(i => i.State == s.Sigle))).ToList();
                groups.Add(new SynthesisGroup(g.Key.Item2, g.Key.ReferentialId, g.Key.LevelCode, g.Key.Item3, g.Count(),
                    Aggregates.Mean(scores, [.. g.Select(i => i.Coef)]), Aggregates.PercentAcquired(scores, d.Scoring.States), states));
            }
            subjects.Add(new SynthesisSubject(subject.SubjectCode, subject.SubjectName, subject.Mean, subject.PercentAcquired, subject.OutOf20, groups));
        }
        return new StudentSynthesis(d.Student.UserId, d.Student.LastName, d.Student.FirstName,
            new PeriodInfo(d.Window.PeriodId, d.Window.PeriodName, d.Window.From, d.Window.To), subjects);
    }

    private static StudentChronology BuildChronology(StudentData d, string? subject)
    {
        var settingsByReferential = new Dictionary<long, ScoringSettings>();
        var byItem = d.Rows.GroupBy(r => r.ItemId).ToDictionary(g => g.Key, g => g.ToList());
        var evaluations = d.Rows
            .Where(r => d.Window.From is not { } f || r.Date >= f)
            .GroupBy(r => (r.Date, r.EvaluationId)).OrderBy(g => g.Key.Date).ThenBy(g => g.Key.EvaluationId).ToList();
        var points = new List<ChronologyPoint>(evaluations.Count);
        var buffer = new List<ScoreEntry>(16);
        foreach (var evaluation in evaluations)
        {
            var (date, id) = evaluation.Key;
            var scores = new List<int?>();
            var coefs = new List<int>();
            // Every item as it stood after this evaluation: entries up to (date, evaluation id) inclusive.
            foreach (var (_, itemRows) in byItem)
            {
                buffer.Clear();
                foreach (var row in itemRows)
                {
                    if (row.Date < date || (row.Date == date && row.EvaluationId <= id))
                    {
                        buffer.Add(new ScoreEntry(row.Date, row.EvaluationId, EntryCode.FromStorage(row.Code)));
                    }
                }
                if (buffer.Count > 0 && ScoreCalculator.Score(buffer, SettingsOf(itemRows[0], d.Scoring, settingsByReferential), d.Window.From, null) is { } s)
                {
                    scores.Add(s);
                    coefs.Add(itemRows[0].Coef);
                }
            }
            var entries = evaluation.Where(r => r.Code != "PA")
                .Select(r => new ChronologyEntry(r.ItemId, DisplayRef(r, d.LevelRefs), r.ItemName, d.Scoring.SigleOf(EntryCode.FromStorage(r.Code)))).ToList();
            points.Add(new ChronologyPoint(date, id, evaluation.First().Description, entries, scores.Count,
                Aggregates.Mean(scores, coefs), Aggregates.PercentAcquired(scores, d.Scoring.States)));
        }
        return new StudentChronology(d.Student.UserId, d.Student.LastName, d.Student.FirstName, subject,
            subject is null ? null : d.SubjectNames.GetValueOrDefault(subject, subject),
            new PeriodInfo(d.Window.PeriodId, d.Window.PeriodName, d.Window.From, d.Window.To), points);
    }
}
