using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Exports;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Apis;

/// <summary>Body of PUT …/positionings: a degree 1–4, or null to remove the positionnement.</summary>
public sealed record PositioningRequest(int Cycle, string Component, int? Degree);

public static class CommonCoreApi
{
    private const string CycleError = "Indiquez le cycle du socle commun : cycle=2, 3 ou 4.";

    public static RouteGroupBuilder MapCommonCoreApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/common-core");

        group.MapGet("/students/{studentId:guid}", async (Guid studentId, int? cycle, string? format,
            Access access, CompetencesDbContext db, SettingsStore settingsStore, TimeProvider clock, CancellationToken ct) =>
        {
            if (!ReportExports.TryParseFormat(format, out var fmt))
            {
                return Problems.Validation(ReportExports.FormatError);
            }
            if (cycle is not { } c || !CommonCore.IsValidCycle(c))
            {
                return Problems.Validation(CycleError);
            }
            var reach = await access.CanReachStudentAsync(studentId, ct);
            if (reach is null)
            {
                return Problems.NotFound("Cet élève n'existe pas dans cet établissement.");
            }
            if (reach == false)
            {
                return Problems.Forbidden("Vous n'avez pas accès aux résultats de cet élève.");
            }
            DateOnly? visibleUntil = access.IsStudent || access.IsGuardian ? DateOnly.FromDateTime(clock.GetLocalNow().Date) : null;
            var scoring = new ScoringContext(await settingsStore.GetAsync(ct));
            var sheet = await SheetAsync(db, scoring, studentId, c, visibleUntil, ct);
            string name = $"socle cycle {c} {sheet.LastName} {sheet.FirstName}";
            return fmt switch
            {
                "csv" => ReportExports.File(ReportExports.CommonCoreCsv(sheet), "csv", name),
                "pdf" => ReportExports.File(ReportExports.CommonCorePdf(sheet, scoring), "pdf", name),
                _ => TypedResults.Ok(sheet),
            };
        }).MeasuredAs("common_core_student").WithSummary("Fiche du socle commun d'un élève pour un cycle : les 8 composantes, les scores des items liés (méthode du référentiel, toutes dates), "
            + "le pourcentage d'items acquis, le degré de maîtrise calculé (seuils des paramètres), le positionnement de l'enseignant et les points du brevet. "
            + "Export : format=csv ou format=pdf.");

        group.MapPut("/students/{studentId:guid}/positionings", async (Guid studentId, PositioningRequest? body,
            Access access, CompetencesDbContext db, SettingsStore settingsStore, CancellationToken ct) =>
        {
            if (body is null)
            {
                return Problems.Validation("Le corps de la requête est vide.");
            }
            var student = await db.Users.AsNoTracking().Where(u => u.UserId == studentId && u.Profile == Profiles.Student)
                .Select(u => new { u.ClassCode }).FirstOrDefaultAsync(ct);
            if (student is null)
            {
                return Problems.NotFound("Cet élève n'existe pas dans cet établissement.");
            }
            if (!await MayPositionAsync(access, db, student.ClassCode, ct))
            {
                return Problems.Forbidden("Seuls le professeur principal de la classe de l'élève, la direction et les administrateurs peuvent positionner un élève sur le socle commun.");
            }
            var errors = new List<string>();
            if (!CommonCore.IsValidCycle(body.Cycle))
            {
                errors.Add(CycleError);
            }
            if (!CommonCore.TryParse(body.Component, out var component))
            {
                errors.Add($"Composante du socle « {body.Component} » inconnue (CPD_FRA, CPD_ETR, CPD_SCI, CPD_ART, MET_APP, FRM_CIT, SYS_NAT ou REP_MND).");
            }
            if (body.Degree is { } d && d is < 1 or > 4)
            {
                errors.Add($"Le degré de maîtrise {d} doit être compris entre 1 et 4.");
            }
            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
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
                var before = await SheetAsync(db, scoring, studentId, body.Cycle, null, ct);
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
                existing.SetAt = DateTimeOffset.UtcNow;
                await db.SaveChangesAsync(ct);
            }
            return TypedResults.Ok(await SheetAsync(db, scoring, studentId, body.Cycle, null, ct));
        }).WithSummary("Positionnement d'un élève sur une composante du socle (degré 1 à 4, null pour l'effacer) : il prime sur le degré calculé, "
            + "les deux restent affichés. Réservé au professeur principal de la classe, à la direction et aux administrateurs.");

        const string classSummary = "Vue de la classe sur le socle commun : élèves × 8 composantes (pourcentage, degré calculé, positionnement, degré retenu) "
            + "et points du brevet. Export : format=csv ou format=pdf.";
        group.MapGet("/classes/{classCode}", (string classCode, int? cycle, string? format, Access access, CompetencesDbContext db, SettingsStore settings, CancellationToken ct) =>
            ClassViewAsync(classCode, false, cycle, format, access, db, settings, ct)).MeasuredAs("common_core_class").WithSummary(classSummary + " Un code de groupe est aussi accepté.");
        group.MapGet("/groups/{groupCode}", (string groupCode, int? cycle, string? format, Access access, CompetencesDbContext db, SettingsStore settings, CancellationToken ct) =>
            ClassViewAsync(groupCode, true, cycle, format, access, db, settings, ct)).MeasuredAs("common_core_group").WithSummary(classSummary);
        group.MapGet("/establishment", (int? cycle, string? format, Access access, CompetencesDbContext db, SettingsStore settings, CancellationToken ct) =>
            ClassViewAsync(null, false, cycle, format, access, db, settings, ct)).MeasuredAs("common_core_establishment")
            .WithSummary("Socle commun de tous les élèves de l'établissement (direction et administrateurs). Export : format=csv ou format=pdf.");
        return api;
    }

    private static async Task<bool> MayPositionAsync(Access access, CompetencesDbContext db, string? classCode, CancellationToken ct)
    {
        if (access.IsWholeEstablishment)
        {
            return true;
        }
        if (!access.IsStaff || classCode is null)
        {
            return false;
        }
        var me = access.UserId;
        return await db.Classes.AnyAsync(c => c.Code == classCode && c.PrincipalTeacherId == me, ct);
    }

    /// <summary>The sheet of one student: items query, ONE entries query, positionings.</summary>
    internal static async Task<CommonCoreSheet> SheetAsync(CompetencesDbContext db, ScoringContext scoring, Guid studentId, int cycle, DateOnly? visibleUntil, CancellationToken ct)
    {
        // Tenant-filtered lookup: the establishment id below is the caller's.
        var found = await db.Users.AsNoTracking().Where(u => u.UserId == studentId)
            .Select(u => new { u.EstablishmentId, Info = new StudentInfo(u.UserId, u.LastName, u.FirstName, u.ClassCode) }).FirstAsync(ct);
        var student = found.Info;
        var items = await ReportData.ItemsAsync(db, scoring, null, socleOnly: true, ct);
        var links = CommonCoreBuilder.LinksOf(items, cycle);
        var linked = links.Values.SelectMany(l => l).Select(i => i.ItemId).Distinct().ToArray();
        var rows = linked.Length == 0 ? [] : await ReportData.EntriesAsync(db, found.EstablishmentId, [studentId], linked, null, visibleUntil, ct);
        // All dates: no period start.
        var scores = ReportData.Score(rows, items, null);
        var positionings = await db.CommonCorePositionings.AsNoTracking().Where(p => p.StudentId == studentId && p.Cycle == cycle)
            .ToDictionaryAsync(p => p.Component, StringComparer.Ordinal, ct);
        return CommonCoreBuilder.Sheet(student, cycle, scoring, links, scores, positionings);
    }

    private static async Task<IResult> ClassViewAsync(string? code, bool preferGroup, int? cycle, string? format,
        Access access, CompetencesDbContext db, SettingsStore settingsStore, CancellationToken ct)
    {
        if (!ReportExports.TryParseFormat(format, out var fmt))
        {
            return Problems.Validation(ReportExports.FormatError);
        }
        if (cycle is not { } c || !CommonCore.IsValidCycle(c))
        {
            return Problems.Validation(CycleError);
        }
        Structure? structure = null;
        if (code is null)
        {
            if (!access.IsWholeEstablishment)
            {
                return Problems.Forbidden("Le socle commun de tout l'établissement est réservé à la direction et aux administrateurs.");
            }
        }
        else
        {
            var (found, problem) = await ClassReportsApi.FindStructureAsync(code, preferGroup, access, db, ct);
            if (problem is not null)
            {
                return problem;
            }
            structure = found;
        }
        var scoring = new ScoringContext(await settingsStore.GetAsync(ct));
        string? classCode = structure is { IsGroup: false } ? structure.Code : null;
        string? groupCode = structure is { IsGroup: true } ? structure.Code : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var students = await ReportData.StudentsAsync(db, classCode, groupCode, ct);
        var items = await ReportData.ItemsAsync(db, scoring, null, socleOnly: true, ct);
        var links = CommonCoreBuilder.LinksOf(items, c);
        var linked = links.Values.SelectMany(l => l).Select(i => i.ItemId).Distinct().ToArray();
        // ONE query for the entries of every student on every linked item.
        // The whole establishment: no student filter (every entry on a linked item belongs to a student).
        var beforeEntries = clock.Elapsed.TotalMilliseconds;
        var rows = linked.Length == 0 || students.Count == 0 ? []
            : await ReportData.EntriesAsync(db, access.EstablishmentId, structure is null ? null : [.. students.Select(s => s.StudentId)], linked, null, null, ct);
        var entriesMs = clock.Elapsed.TotalMilliseconds - beforeEntries;
        var positioningQuery = db.CommonCorePositionings.AsNoTracking().Where(p => p.Cycle == c);
        if (structure is not null)
        {
            var ids = students.Select(s => s.StudentId).ToArray();
            positioningQuery = positioningQuery.Where(p => ids.Contains(p.StudentId));
        }
        var positionings = (await positioningQuery.ToListAsync(ct)).ToLookup(p => p.StudentId);
        var queried = clock.Elapsed.TotalMilliseconds;
        var scores = ReportData.Score(rows, items, null);
        var view = CommonCoreBuilder.ClassView(structure?.Code, structure?.Name, c, scoring, students, links, scores, positionings);
        ClassReportsApi.ServerTiming(access.HttpContext, queried, clock.Elapsed.TotalMilliseconds - queried, rows.Count, entriesMs);
        string name = $"socle cycle {c} {structure?.Code ?? "etablissement"}";
        return fmt switch
        {
            "csv" => ReportExports.File(ReportExports.CommonCoreClassCsv(view), "csv", name),
            "pdf" => ReportExports.File(ReportExports.CommonCoreClassPdf(view), "pdf", name),
            _ => TypedResults.Ok(view),
        };
    }
}
