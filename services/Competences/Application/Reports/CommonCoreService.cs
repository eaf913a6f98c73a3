using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Exports;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Reports;

/// <summary>The common core (socle commun): a student's sheet, teachers' positionnements, class, group and establishment views.</summary>
public sealed class CommonCoreService(CompetencesDbContext db, Access access, ReportAccess reports, SettingsStore settingsStore, TimeProvider clock)
{
    private const string CycleError = "Indiquez le cycle du socle commun : cycle=2, 3 ou 4.";

    public async Task<Result<ReportOutput<CommonCoreSheet>>> StudentAsync(Guid studentId, int? cycle, string? format, CancellationToken ct)
    {
        var fmt = ReportExports.ParseFormat(format);
        if (!fmt.IsSuccess)
        {
            return fmt.Error!;
        }
        if (cycle is not { } c || !CommonCore.IsValidCycle(c))
        {
            return Error.Invalid("cycle", CycleError);
        }
        if ((await reports.StudentAsync(studentId, ct)).Error is { } denied)
        {
            return denied;
        }
        // Students and parents see an entry only from the evaluation's visible date on.
        DateOnly? visibleUntil = access.IsStudent || access.IsGuardian ? DateOnly.FromDateTime(clock.GetLocalNow().Date) : null;
        var scoring = new ScoringContext(await settingsStore.GetAsync(ct));
        var sheet = await SheetAsync(scoring, studentId, c, visibleUntil, ct);
        return ReportExports.Output(sheet, fmt.Value, $"socle cycle {c} {sheet.LastName} {sheet.FirstName}",
            ReportExports.CommonCoreCsv, s => ReportExports.CommonCorePdf(s, scoring));
    }

    /// <summary>Sets (or clears, degree null) a teacher's positionnement; keeps the computed values beside it. The principal teacher, direction and administrators only.</summary>
    public async Task<Result<CommonCoreSheet>> PositionAsync(Guid studentId, PositioningRequest? body, CancellationToken ct)
    {
        if (body is null)
        {
            return Error.Invalid("", "Le corps de la requête est vide.");
        }
        if ((await reports.PositioningAsync(studentId, ct)).Error is { } denied)
        {
            return denied;
        }
        var errors = new FieldErrors();
        if (!CommonCore.IsValidCycle(body.Cycle))
        {
            errors.Add("cycle", CycleError);
        }
        if (!CommonCore.TryParse(body.Component, out var component))
        {
            errors.Add("component", $"Composante du socle « {body.Component} » inconnue (CPD_FRA, CPD_ETR, CPD_SCI, CPD_ART, MET_APP, FRM_CIT, SYS_NAT ou REP_MND).");
        }
        if (body.Degree is { } d && d is < 1 or > 4)
        {
            errors.Add("degree", $"Le degré de maîtrise {d} doit être compris entre 1 et 4.");
        }
        if (errors.Count > 0)
        {
            return errors.ToError();
        }
        string code = component.Code();
        var existing = await db.CommonCorePositionings.FirstOrDefaultAsync(p => p.StudentId == studentId && p.Cycle == body.Cycle && p.Component == code, ct);
        var scoring = new ScoringContext(await settingsStore.GetAsync(ct));
        if (body.Degree is not { } degree)
        {
            if (existing is not null)
            {
                db.CommonCorePositionings.Remove(existing);
                await db.SaveChangesAsync(ct);
            }
        }
        else
        {
            // Keep the computed values at the time of the decision beside the teacher's degree.
            var before = await SheetAsync(scoring, studentId, body.Cycle, null, ct);
            var computed = before.Components.First(x => x.Component == code);
            if (existing is null)
            {
                existing = new CommonCorePositioning { EstablishmentId = access.EstablishmentId, StudentId = studentId, Cycle = body.Cycle, Component = code };
                db.CommonCorePositionings.Add(existing);
            }
            existing.Degree = degree;
            existing.ComputedDegree = computed.ComputedDegree;
            existing.ComputedPercent = computed.Percent;
            existing.SetBy = access.UserId;
            existing.SetAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return await SheetAsync(scoring, studentId, body.Cycle, null, ct);
    }

    /// <summary>Students × the 8 components of a class or group (<paramref name="code"/>), or of the whole establishment (code null: direction and administrators).</summary>
    public async Task<Result<ReportOutput<CommonCoreClassView>>> ClassViewAsync(string? code, bool preferGroup, int? cycle, string? format, CancellationToken ct)
    {
        var fmt = ReportExports.ParseFormat(format);
        if (!fmt.IsSuccess)
        {
            return fmt.Error!;
        }
        if (cycle is not { } c || !CommonCore.IsValidCycle(c))
        {
            return Error.Invalid("cycle", CycleError);
        }
        Structure? structure = null;
        if (code is null)
        {
            if (reports.WholeEstablishment("Le socle commun de tout l'établissement est réservé à la direction et aux administrateurs.").Error is { } denied)
            {
                return denied;
            }
        }
        else
        {
            var found = await reports.StructureAsync(code, preferGroup, ct);
            if (!found.IsSuccess)
            {
                return found.Error!;
            }
            structure = found.Value;
        }
        var (view, timing) = await ViewAsync(structure, c, ct);
        return ReportExports.Output(view, fmt.Value, $"socle cycle {c} {structure?.Code ?? "etablissement"}",
            ReportExports.CommonCoreClassCsv, ReportExports.CommonCoreClassPdf, timing);
    }

    /// <summary>One student's sheet as staff see it (every entry), for features built on the common core (the end-of-cycle bilan). No access check.</summary>
    internal async Task<CommonCoreSheet> StaffSheetAsync(Guid studentId, int cycle, CancellationToken ct) =>
        await SheetAsync(new ScoringContext(await settingsStore.GetAsync(ct)), studentId, cycle, null, ct);

    /// <summary>The view of a class, a group or (null) the whole establishment, for a valid cycle. No access check.</summary>
    internal async Task<(CommonCoreClassView View, ReportTiming Timing)> ViewAsync(Structure? structure, int c, CancellationToken ct) =>
        await BuildViewAsync(new ScoringContext(await settingsStore.GetAsync(ct)), structure, c, ct);

    /// <summary>
    /// The degrees of a class's students for a cycle (computed, positionnement, effective), without any access check: for a
    /// caller that reaches the whole establishment (the LSU export).
    /// </summary>
    public async Task<CommonCoreClassView> ClassDegreesAsync(RosterClass cls, int cycle, ScoringContext scoring, CancellationToken ct) =>
        (await BuildViewAsync(scoring, new Structure(cls.Code, cls.Name, false), cycle, ct)).View;

    /// <summary>Students, socle items, ONE entries query, positionings, then the class view (scores as the relevé, all dates).</summary>
    private async Task<(CommonCoreClassView View, ReportTiming Timing)> BuildViewAsync(ScoringContext scoring, Structure? structure, int c, CancellationToken ct)
    {
        string? classCode = structure is { IsGroup: false } ? structure.Code : null;
        string? groupCode = structure is { IsGroup: true } ? structure.Code : null;
        var watch = Stopwatch.StartNew();
        var students = await ReportData.StudentsAsync(db, classCode, groupCode, ct);
        var items = await ReportData.ItemsAsync(db, scoring, null, socleOnly: true, ct);
        var links = CommonCoreBuilder.LinksOf(items, c);
        var linked = links.Values.SelectMany(l => l).Select(i => i.ItemId).Distinct().ToArray();
        // ONE query for the entries of every student on every linked item.
        // The whole establishment: no student filter (every entry on a linked item belongs to a student).
        var beforeEntries = watch.Elapsed.TotalMilliseconds;
        var rows = linked.Length == 0 || students.Count == 0 ? []
            : await EntryQueries.ReportRowsAsync(db, access.EstablishmentId, structure is null ? null : [.. students.Select(s => s.StudentId)], linked, null, null, ct);
        var entriesMs = watch.Elapsed.TotalMilliseconds - beforeEntries;
        var positioningQuery = db.CommonCorePositionings.AsNoTracking().Where(p => p.Cycle == c);
        if (structure is not null)
        {
            var ids = students.Select(s => s.StudentId).ToArray();
            positioningQuery = positioningQuery.Where(p => ids.Contains(p.StudentId));
        }
        var positionings = (await positioningQuery.ToListAsync(ct)).ToLookup(p => p.StudentId);
        var queried = watch.Elapsed.TotalMilliseconds;
        var scores = ReportData.Score(rows, items, null);
        var view = CommonCoreBuilder.ClassView(structure?.Code, structure?.Name, c, scoring, students, links, scores, positionings);
        return (view, new ReportTiming(queried, watch.Elapsed.TotalMilliseconds - queried, rows.Count, entriesMs));
    }

    /// <summary>The sheet of one student: items query, ONE entries query, positionings.</summary>
    private async Task<CommonCoreSheet> SheetAsync(ScoringContext scoring, Guid studentId, int cycle, DateOnly? visibleUntil, CancellationToken ct)
    {
        // Tenant-filtered lookup: the establishment id below is the caller's.
        var found = await db.Users.AsNoTracking().Where(u => u.UserId == studentId)
            .Select(u => new { u.EstablishmentId, Info = new StudentInfo(u.UserId, u.LastName, u.FirstName, u.ClassCode) }).FirstAsync(ct);
        var student = found.Info;
        var items = await ReportData.ItemsAsync(db, scoring, null, socleOnly: true, ct);
        var links = CommonCoreBuilder.LinksOf(items, cycle);
        var linked = links.Values.SelectMany(l => l).Select(i => i.ItemId).Distinct().ToArray();
        var rows = linked.Length == 0 ? [] : await EntryQueries.ReportRowsAsync(db, found.EstablishmentId, [studentId], linked, null, visibleUntil, ct);
        // All dates: no period start.
        var scores = ReportData.Score(rows, items, null);
        var positionings = await db.CommonCorePositionings.AsNoTracking().Where(p => p.StudentId == studentId && p.Cycle == cycle)
            .ToDictionaryAsync(p => p.Component, StringComparer.Ordinal, ct);
        return CommonCoreBuilder.Sheet(student, cycle, scoring, links, scores, positionings);
    }
}
