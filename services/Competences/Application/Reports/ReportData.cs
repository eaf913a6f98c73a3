using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Reports;

/// <summary>An item as reports show it, with its referential's scoring settings.</summary>
public sealed record ItemInfo(
    long ItemId, long ReferentialId, string SubjectCode, string LevelCode, string DisplayRef, string Name, string Abbreviation, int Coef,
    long DomainId, int DomainOrder, string DomainName, long ThemeId, int ThemeOrder, string ThemeName, int ItemOrder, string[] Socle,
    ScoringSettings Scoring, SynthesisMode Synthesis);

/// <summary>A student of a report (roster projection).</summary>
public sealed record StudentInfo(Guid StudentId, string LastName, string FirstName, string? ClassCode);

/// <summary>The establishment's scoring context for one request: codes, states, thresholds.</summary>
public sealed class ScoringContext(SettingsDocument settings)
{
    public SettingsDocument Settings { get; } = settings;
    public ScoringSettings Base { get; } = settings.ToScoringSettings();
    public IReadOnlyList<AcquisitionState> States { get; } = settings.ToStates();
    public Dictionary<int, GradeCode> GradeCodes { get; } = settings.ToGradeCodes().ToDictionary(c => c.Id);
    public MasteryThresholds Thresholds { get; } = settings.ToMasteryThresholds();

    public string? StateOf(int? score) => score is { } s ? AcquisitionStates.StateOf(States, s).Sigle : null;

    public string SigleOf(EntryCode code) => code.IsGrade && GradeCodes.TryGetValue(code.GradeId, out var g) ? g.Sigle : code.StorageValue;
}

/// <summary>
/// The report queries. Each report reads its entries in ONE query (never one per student:
/// <see cref="EntryQueries.ReportRowsAsync"/>), plus a few small metadata queries (students, items);
/// scores are computed in memory by the domain engine.
/// </summary>
public static class ReportData
{
    /// <summary>Students of a class (or of a group), by name.</summary>
    public static Task<List<StudentInfo>> StudentsAsync(CompetencesDbContext db, string? classCode, string? groupCode, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking().Where(u => u.Profile == Profiles.Student);
        if (classCode is not null)
        {
            query = query.Where(u => u.ClassCode == classCode);
        }
        if (groupCode is not null)
        {
            query = query.Where(u => u.GroupCodes.Contains(groupCode));
        }
        return query.OrderBy(u => u.LastName).ThenBy(u => u.FirstName).ThenBy(u => u.UserId)
            .Select(u => new StudentInfo(u.UserId, u.LastName, u.FirstName, u.ClassCode)).ToListAsync(ct);
    }

    /// <summary>Items by id with their referential's settings (one query).</summary>
    public static async Task<Dictionary<long, ItemInfo>> ItemsAsync(CompetencesDbContext db, ScoringContext scoring, long[]? itemIds, bool socleOnly, CancellationToken ct,
        string? subject = null, string[]? subjects = null)
    {
        var query =
            from i in db.Items
            join th in db.Themes on new { i.EstablishmentId, Id = i.ThemeId } equals new { th.EstablishmentId, th.Id }
            join d in db.Domains on new { th.EstablishmentId, Id = th.DomainId } equals new { d.EstablishmentId, d.Id }
            join r in db.Referentials on new { i.EstablishmentId, Id = i.ReferentialId } equals new { r.EstablishmentId, r.Id }
            select new { i, th, d, r };
        if (itemIds is not null)
        {
            query = query.Where(x => itemIds.Contains(x.i.Id));
        }
        if (subject is not null)
        {
            query = query.Where(x => x.r.SubjectCode == subject);
        }
        if (subjects is not null)
        {
            query = query.Where(x => subjects.Contains(x.r.SubjectCode));
        }
        if (socleOnly)
        {
            query = query.Where(x => x.i.Socle.Length > 0);
        }
        var rows = await query.AsNoTracking().Select(x => new
        {
            x.i.Id,
            x.i.ReferentialId,
            x.r.SubjectCode,
            x.r.LevelCode,
            x.i.Name,
            x.i.Abbreviation,
            x.i.Coefficient,
            DomainId = x.d.Id,
            DomainOrder = x.d.Order,
            DomainCode = x.d.Code,
            DomainName = x.d.Name,
            ThemeId = x.th.Id,
            ThemeOrder = x.th.Order,
            ThemeName = x.th.Name,
            ItemOrder = x.i.Order,
            x.i.Socle,
            x.r.Method,
            x.r.Limit,
            x.r.Retroactivity,
            x.r.SynthesisMode,
        }).ToListAsync(ct);
        var levelRefs = await db.Levels.AsNoTracking().ToDictionaryAsync(l => l.Code, l => l.Ref, ct);
        var settingsByReferential = new Dictionary<long, ScoringSettings>();
        var result = new Dictionary<long, ItemInfo>(rows.Count);
        foreach (var x in rows)
        {
            if (!settingsByReferential.TryGetValue(x.ReferentialId, out var settings))
            {
                settings = scoring.Base.With(ScoringMethods.Parse(x.Method), x.Limit, Retroactivities.Parse(x.Retroactivity));
                settingsByReferential[x.ReferentialId] = settings;
            }
            string levelRef = levelRefs.GetValueOrDefault(x.LevelCode, x.LevelCode);
            result[x.Id] = new ItemInfo(x.Id, x.ReferentialId, x.SubjectCode, x.LevelCode, $"{levelRef}.{x.DomainCode}{x.ThemeOrder}{x.ItemOrder}",
                x.Name, x.Abbreviation, x.Coefficient, x.DomainId, x.DomainOrder, x.DomainName, x.ThemeId, x.ThemeOrder, x.ThemeName, x.ItemOrder,
                x.Socle, settings, SynthesisModes.ParseOrDefault(x.SynthesisMode));
        }
        return result;
    }

    /// <summary>Subject names: the establishment's, else the national list, else the code.</summary>
    public static async Task<Dictionary<string, string>> SubjectNamesAsync(CompetencesDbContext db, string[] codes, CancellationToken ct)
    {
        var names = await db.NationalSubjects.AsNoTracking().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, ct);
        foreach (var s in await db.Subjects.AsNoTracking().Where(s => codes.Contains(s.Code)).ToListAsync(ct))
        {
            names[s.Code] = s.Name;
        }
        return names;
    }

    /// <summary>
    /// Scores every (student, item) run of <paramref name="rows"/> (ordered by student, item, date,
    /// evaluation) with the item's referential settings; entries of unknown items are skipped.
    /// </summary>
    public static Dictionary<(Guid Student, long Item), int> Score(List<EntryRow> rows, IReadOnlyDictionary<long, ItemInfo> items, DateOnly? periodStart)
    {
        var scores = new Dictionary<(Guid, long), int>();
        var buffer = new List<ScoreEntry>(16);
        int start = 0;
        while (start < rows.Count)
        {
            var first = rows[start];
            int end = start + 1;
            while (end < rows.Count && rows[end].StudentId == first.StudentId && rows[end].ItemId == first.ItemId)
            {
                end++;
            }
            if (items.TryGetValue(first.ItemId, out var item))
            {
                buffer.Clear();
                for (int k = start; k < end; k++)
                {
                    var row = rows[k];
                    if (EntryCode.TryFromStorage(row.Code, out var code))
                    {
                        buffer.Add(new ScoreEntry(row.Date, row.EvaluationId, code));
                    }
                }
                if (ScoreCalculator.Score(buffer, item.Scoring, periodStart, null) is { } score)
                {
                    scores[(first.StudentId, first.ItemId)] = score;
                }
            }
            start = end;
        }
        return scores;
    }
}
