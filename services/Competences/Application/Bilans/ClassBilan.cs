using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Bilans;

/// <summary>A subject of a class's bilan: its teachers, and the students it concerns (a group's subject, its members only).</summary>
public sealed record ClassBilanSubject(string Code, string Name, string? BcnCode, IReadOnlyList<BilanTeacher> Teachers,
    IReadOnlySet<Guid> Students, IReadOnlyList<BilanElementChoice> ProposedElements, decimal? ClassMean);

/// <summary>
/// Everything of a class's bilan for a period, whoever asks: students, subjects, computed positionings and
/// what was written. The sheet filters it by the caller's rights; the bulletin prints it.
/// </summary>
public sealed record ClassBilan(RosterClass Class, Period Period, BilanStatus Status, PositioningScale Scale,
    IReadOnlyList<ClassBilanSubject> Subjects, IReadOnlyList<BilanStudent> Students);

public static class BilanLines
{
    /// <summary>The line's override if it was chosen in the establishment's current mode (a 1–4 level is no mark out of 20); else none.</summary>
    public static decimal? OverrideIn(this BilanSubjectLine? line, PositioningScale scale) =>
        line?.Override is { } value && (line.OverrideMode is null || line.OverrideMode == PositioningScale.ModeCode(scale.Mode)) ? value : null;
}

/// <summary>What of a class's bilan comes from the scores alone (never from what was written): the part <see cref="BilanScoreCache"/> keeps.</summary>
/// <param name="Items">The subjects' items with their scoring settings (what a partial recompute scores again).</param>
public sealed record ComputedBilan(IReadOnlyList<StudentInfo> Students, IReadOnlyList<ComputedSubject> Subjects, IReadOnlyDictionary<long, ItemInfo> Items);

/// <param name="Items">The subject's items in referential order.</param>
/// <param name="Means">Per concerned student: the coefficient-weighted mean (0–100) of the subject's item scores in the period, null when none.</param>
/// <param name="Evaluated">Per concerned student: the items of the subject scored in the period.</param>
public sealed record ComputedSubject(string Code, string Name, string? BcnCode, IReadOnlyList<BilanTeacher> Teachers, IReadOnlySet<Guid> Students,
    IReadOnlyList<ItemInfo> Items, IReadOnlyList<BilanElementChoice> ProposedElements, IReadOnlyDictionary<Guid, int?> Means,
    IReadOnlyDictionary<Guid, IReadOnlySet<long>> Evaluated);

/// <summary>
/// Loads a <see cref="ClassBilan"/>: the computed part from the cache when no score input changed since (else a few small
/// queries and ONE query for the entries of the class's students on the subjects' items), then what was written, always read.
/// </summary>
public sealed class ClassBilanLoader(CompetencesDbContext db, BilanScoreCache cache)
{
    public async Task<ClassBilan> LoadAsync(int establishmentId, RosterClass cls, Period period, SettingsDocument settings, CancellationToken ct)
    {
        var computed = await cache.GetAsync(db, establishmentId, cls.Code, period,
            () => ComputeAsync(establishmentId, cls, period, settings, ct),
            (known, changed) => RescoreAsync(establishmentId, known, changed, period, ct), ct);
        var status = BilanStatuses.Parse(await db.BilanStatuses.AsNoTracking()
            .Where(s => s.PeriodId == period.Id && s.ClassCode == cls.Code).Select(s => s.Status).FirstOrDefaultAsync(ct));
        var scale = settings.ToPositioningScale();
        Guid[] studentIds = [.. computed.Students.Select(s => s.StudentId)];
        var lines = await db.BilanSubjectLines.AsNoTracking().Where(l => l.PeriodId == period.Id && studentIds.Contains(l.StudentId))
            .ToDictionaryAsync(l => (l.StudentId, l.SubjectCode), ct);
        var generals = await db.BilanGeneralLines.AsNoTracking().Where(l => l.PeriodId == period.Id && studentIds.Contains(l.StudentId))
            .ToDictionaryAsync(l => l.StudentId, ct);
        var attendance = await db.BilanAttendanceLines.AsNoTracking().Where(l => l.PeriodId == period.Id && studentIds.Contains(l.StudentId))
            .ToDictionaryAsync(l => l.StudentId, ct);

        var subjects = new List<ClassBilanSubject>(computed.Subjects.Count);
        var cellsByStudent = studentIds.ToDictionary(id => id, _ => new List<BilanCell>());
        foreach (var subject in computed.Subjects)
        {
            var marks = new List<decimal>();
            foreach (var id in studentIds.Where(subject.Students.Contains))
            {
                int? mean = subject.Means.GetValueOrDefault(id);
                decimal? value = mean is { } m ? scale.Compute(m) : null;
                var line = lines.GetValueOrDefault((id, subject.Code));
                decimal? chosen = line.OverrideIn(scale);
                if ((chosen ?? value) is { } shown)
                {
                    marks.Add(shown);
                }
                cellsByStudent[id].Add(new BilanCell(subject.Code, value, chosen, mean, line?.Appreciation, line?.Elements ?? [], line?.Version ?? 0,
                    line?.ChangedBy, line?.ChangedAt));
            }
            decimal? classMean = scale.Mode == PositioningMode.Moyenne && marks.Count > 0
                ? Math.Round(marks.Sum() / marks.Count, 1, MidpointRounding.AwayFromZero) : null;
            subjects.Add(new ClassBilanSubject(subject.Code, subject.Name, subject.BcnCode, subject.Teachers, subject.Students, subject.ProposedElements, classMean));
        }

        List<BilanStudent> students = [.. computed.Students.Select(s =>
        {
            var g = generals.GetValueOrDefault(s.StudentId);
            var a = attendance.GetValueOrDefault(s.StudentId);
            return new BilanStudent(s.StudentId, s.LastName, s.FirstName, cellsByStudent[s.StudentId],
                new BilanGeneral(g?.Appreciation, g?.Version ?? 0, g?.ChangedBy, g?.ChangedAt),
                new BilanAttendance(a?.Lateness ?? 0, a?.JustifiedAbsences ?? 0, a?.UnjustifiedAbsences ?? 0, a?.MissedHours, a?.Comment, a?.Version ?? 0));
        })];
        return new ClassBilan(cls, period, status, scale, subjects, students);
    }

    /// <summary>Students, subjects (teacher services of the class and of its students' groups) and every mean of the period.</summary>
    private async Task<ComputedBilan> ComputeAsync(int establishmentId, RosterClass cls, Period period, SettingsDocument settings, CancellationToken ct)
    {
        var scoring = new ScoringContext(settings);
        var students = await ReportData.StudentsAsync(db, cls.Code, null, ct);
        var groupsOf = await db.Users.AsNoTracking().Where(u => u.ClassCode == cls.Code && u.Profile == Profiles.Student)
            .ToDictionaryAsync(u => u.UserId, u => u.GroupCodes, ct);
        var groupCodes = groupsOf.Values.SelectMany(g => g).ToHashSet(StringComparer.Ordinal);
        var services = await db.TeacherServices.AsNoTracking()
            .Where(s => (!s.IsGroup && s.StructureCode == cls.Code) || (s.IsGroup && groupCodes.Contains(s.StructureCode))).ToListAsync(ct);
        var teacherIds = services.Select(s => s.TeacherId).Distinct().ToArray();
        var teachers = await db.Users.AsNoTracking().Where(u => teacherIds.Contains(u.UserId))
            .ToDictionaryAsync(u => u.UserId, u => new BilanTeacher(u.UserId, u.LastName, u.FirstName), ct);
        string[] subjectCodes = [.. services.Select(s => s.SubjectCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var names = await ReportData.SubjectNamesAsync(db, subjectCodes, ct);
        var bcn = await db.Subjects.AsNoTracking().Where(s => subjectCodes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.BcnCode, ct);

        // Scores of every item of these subjects in the period (entries after its end never count).
        Guid[] studentIds = [.. students.Select(s => s.StudentId)];
        var items = subjectCodes.Length == 0 ? [] : await ReportData.ItemsAsync(db, scoring, null, socleOnly: false, ct, subjects: subjectCodes);
        var subjects = new List<ComputedSubject>(subjectCodes.Length);
        foreach (var code in subjectCodes)
        {
            var mine = services.Where(s => s.SubjectCode == code).ToList();
            var concerned = studentIds.Where(id => mine.Any(s => !s.IsGroup || groupsOf.GetValueOrDefault(id, []).Contains(s.StructureCode))).ToHashSet();
            List<ItemInfo> subjectItems = [.. items.Values.Where(i => i.SubjectCode == code)
                .OrderBy(i => i.LevelCode, StringComparer.Ordinal).ThenBy(i => i.DomainOrder).ThenBy(i => i.ThemeOrder).ThenBy(i => i.ItemOrder).ThenBy(i => i.ItemId)];
            subjects.Add(new ComputedSubject(code, names.GetValueOrDefault(code, code), bcn.GetValueOrDefault(code),
                [.. mine.Select(s => s.TeacherId).Distinct().Select(t => teachers.GetValueOrDefault(t, new BilanTeacher(t, "?", "")))
                    .OrderBy(t => t.LastName, StringComparer.Ordinal).ThenBy(t => t.FirstName, StringComparer.Ordinal)],
                concerned, subjectItems, [], new Dictionary<Guid, int?>(), new Dictionary<Guid, IReadOnlySet<long>>()));
        }
        return await RescoreAsync(establishmentId, new ComputedBilan(students, subjects, items), studentIds, period, ct);
    }

    /// <summary>
    /// Scores again the given students (ONE query for their entries on the subjects' items) and keeps the others' results: after
    /// a change of entries only, the students whose entries changed; after a full load, every student.
    /// </summary>
    private async Task<ComputedBilan> RescoreAsync(int establishmentId, ComputedBilan known, IReadOnlyCollection<Guid> studentIds, Period period, CancellationToken ct)
    {
        var rows = studentIds.Count == 0 || known.Items.Count == 0 ? []
            : await EntryQueries.ReportRowsAsync(db, establishmentId, [.. studentIds], [.. known.Items.Keys], period.End, null, ct);
        var scores = ReportData.Score(rows, known.Items, period.Start);
        var subjects = new List<ComputedSubject>(known.Subjects.Count);
        foreach (var subject in known.Subjects)
        {
            var means = new Dictionary<Guid, int?>(subject.Means);
            var evaluated = new Dictionary<Guid, IReadOnlySet<long>>(subject.Evaluated);
            foreach (var id in studentIds.Where(subject.Students.Contains))
            {
                means[id] = SubjectMean(id, subject.Items, scores);
                evaluated[id] = subject.Items.Where(i => scores.ContainsKey((id, i.ItemId))).Select(i => i.ItemId).ToHashSet();
            }
            List<BilanElementChoice> proposed = [.. subject.Items.Where(item => evaluated.Values.Any(set => set.Contains(item.ItemId)))
                .Select(item => new BilanElementChoice(item.ItemId, item.Name))];
            subjects.Add(subject with { ProposedElements = proposed, Means = means, Evaluated = evaluated });
        }
        return known with { Subjects = subjects };
    }

    /// <summary>A student's mean for a subject: the scores of its items weighted by their coefficients (items without a score in the period left out).</summary>
    public static int? SubjectMean(Guid student, IReadOnlyCollection<ItemInfo> items, IReadOnlyDictionary<(Guid Student, long Item), int> scores) =>
        Aggregates.Mean([.. items.Select(i => scores.TryGetValue((student, i.ItemId), out var v) ? (int?)v : null)], [.. items.Select(i => i.Coef)]);
}
