using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Application;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Apis;

public sealed record ReportEntry(DateOnly Date, long EvaluationId, string Evaluation, string Code, string Sigle);

public sealed record ReportItem(long ItemId, long ReferentialId, string DisplayRef, string Name, int Coef, int? Score, string? State, IReadOnlyList<ReportEntry> Entries);

public sealed record ReportSubject(string SubjectCode, string SubjectName, int? Mean, int? PercentAcquired, decimal? OutOf20, IReadOnlyList<ReportItem> Items);

public sealed record StudentReport(Guid StudentId, string LastName, string FirstName, DateOnly? From, DateOnly? To, IReadOnlyList<ReportSubject> Subjects);

public static class ReportsApi
{
    /// <summary>One row of the report query: an entry with its evaluation, item and referential.</summary>
    private sealed record Row(
        string SubjectCode, long ReferentialId, string Method, int Limit, string Retroactivity, string LevelCode,
        long ItemId, string ItemName, int Coef, string DomainCode, int ThemeOrder, int ItemOrder,
        DateOnly Date, long EvaluationId, string Description, string Code);

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/students/{studentId:guid}", async (Guid studentId, string? subject, DateOnly? from, DateOnly? to,
            Access access, CompetencesDbContext db, SettingsStore settingsStore, TimeProvider clock, CancellationToken ct) =>
        {
            var reach = await access.CanReachStudentAsync(studentId, ct);
            if (reach is null)
            {
                return Problems.NotFound("Cet élève n'existe pas dans cet établissement.");
            }
            if (reach == false)
            {
                return Problems.Forbidden("Vous n'avez pas accès aux résultats de cet élève.");
            }
            if (from is { } f && to is { } t && t < f)
            {
                return Problems.Validation("La date de fin précède la date de début.");
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
            if (to is { } upper)
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
                .Select(x => new Row(x.r.SubjectCode, x.r.Id, x.r.Method, x.r.Limit, x.r.Retroactivity, x.r.LevelCode,
                    x.i.Id, x.i.Name, x.i.Coefficient, x.d.Code, x.th.Order, x.i.Order,
                    x.ev.Date, x.ev.Id, x.ev.Description, x.e.Code))
                .AsNoTracking().ToListAsync(ct);

            var settings = await settingsStore.GetAsync(ct);
            var baseSettings = settings.ToScoringSettings();
            var gradeCodes = settings.ToGradeCodes().ToDictionary(c => c.Id);
            var states = settings.ToStates();
            var subjectNames = await SubjectNamesAsync(db, rows.Select(r => r.SubjectCode).Distinct().ToArray(), ct);
            var levelRefs = await db.Levels.AsNoTracking().ToDictionaryAsync(l => l.Code, l => l.Ref, ct);

            var report = BuildReport(rows, from, baseSettings, gradeCodes, states, subjectNames, levelRefs);
            return TypedResults.Ok(new StudentReport(studentId, student.LastName, student.FirstName, from, to, report));
        });
        return api;
    }

    private static List<ReportSubject> BuildReport(List<Row> rows, DateOnly? from, ScoringSettings baseSettings,
        Dictionary<int, GradeCode> gradeCodes, IReadOnlyList<AcquisitionState> states,
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
                if (!settingsByReferential.TryGetValue(first.ReferentialId, out var scoring))
                {
                    scoring = baseSettings.With(ScoringMethods.Parse(first.Method), first.Limit, Retroactivities.Parse(first.Retroactivity));
                    settingsByReferential[first.ReferentialId] = scoring;
                }
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
                    string sigle = code.IsGrade && gradeCodes.TryGetValue(code.GradeId, out var g) ? g.Sigle : code.StorageValue;
                    shown.Add(new ReportEntry(row.Date, row.EvaluationId, row.Description, row.Code, sigle));
                }
                int? score = ScoreCalculator.Score(buffer, scoring, from, null);
                string levelRef = levelRefs.TryGetValue(first.LevelCode, out var lr) ? lr : first.LevelCode;
                items.Add(new ReportItem(first.ItemId, first.ReferentialId, $"{levelRef}.{first.DomainCode}{first.ThemeOrder}{first.ItemOrder}",
                    first.ItemName, first.Coef, score, score is { } s ? AcquisitionStates.StateOf(states, s).Sigle : null, shown));
            }
            var scores = items.Select(i => i.Score).ToList();
            var mean = Aggregates.Mean(scores, [.. items.Select(i => i.Coef)]);
            var percent = Aggregates.PercentAcquired(scores, states);
            subjects.Add(new ReportSubject(subjectRows.Key, subjectNames.GetValueOrDefault(subjectRows.Key, subjectRows.Key),
                mean, percent, percent is { } p ? Aggregates.OutOf20(p) : null, items));
        }
        return subjects;
    }

    private static async Task<Dictionary<string, string>> SubjectNamesAsync(CompetencesDbContext db, string[] codes, CancellationToken ct)
    {
        var names = await db.NationalSubjects.AsNoTracking().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, ct);
        foreach (var s in await db.Subjects.AsNoTracking().Where(s => codes.Contains(s.Code)).ToListAsync(ct))
        {
            names[s.Code] = s.Name;
        }
        return names;
    }
}
