using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Reports;

/// <summary>What a student's reports are computed from.</summary>
public sealed record StudentReportData(RosterUser Student, List<StudentReportRow> Rows, ScoringContext Scoring, ReportWindow Window,
    Dictionary<string, string> SubjectNames, Dictionary<string, string> LevelRefs);

/// <summary>A student's report, synthesis and chronology, computed in memory from the rows of one query (<see cref="StudentReportService"/>).</summary>
public static class StudentReportBuilder
{
    public static List<ReportSubject> Report(List<StudentReportRow> rows, DateOnly? from, ScoringContext scoring,
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

    private static ScoringSettings SettingsOf(StudentReportRow row, ScoringContext scoring, Dictionary<long, ScoringSettings> cache)
    {
        if (!cache.TryGetValue(row.ReferentialId, out var settings))
        {
            settings = scoring.Base.With(ScoringMethods.Parse(row.Method), row.Limit, Retroactivities.Parse(row.Retroactivity));
            cache[row.ReferentialId] = settings;
        }
        return settings;
    }

    private static string DisplayRef(StudentReportRow row, Dictionary<string, string> levelRefs) =>
        $"{levelRefs.GetValueOrDefault(row.LevelCode, row.LevelCode)}.{row.DomainCode}{row.ThemeOrder}{row.ItemOrder}";

    public static StudentSynthesis Synthesis(StudentReportData d)
    {
        var report = Report(d.Rows, d.Window.From, d.Scoring, d.SubjectNames, d.LevelRefs);
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

    public static StudentChronology Chronology(StudentReportData d, string? subject)
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
