using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Exports;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Apis;

/// <summary>A class or a group of the roster, as reports address them.</summary>
internal sealed record Structure(string Code, string Name, bool IsGroup);

public static class ClassReportsApi
{
    public static RouteGroupBuilder MapClassReportsApi(this RouteGroupBuilder api)
    {
        const string summary = "Tableau de la classe : élèves × items avec score et état, moyenne et pourcentage d'items acquis par élève, "
            + "répartition des états par item. Filtres : subject, periodId (périodes des paramètres, avec la rétroactivité de chaque référentiel) ou from/to. "
            + "Export : format=csv (UTF-8 avec BOM, séparateur ;) ou format=pdf (imprimable, paysage).";

        api.MapGet("/reports/classes/{classCode}", (string classCode, string? subject, int? periodId, DateOnly? from, DateOnly? to, string? format,
                Access access, CompetencesDbContext db, SettingsStore settings, CancellationToken ct) =>
            ClassReportAsync(classCode, preferGroup: false, subject, periodId, from, to, format, access, db, settings, ct))
            .MeasuredAs("class")
            .WithSummary(summary + " Un code de groupe est aussi accepté.");

        api.MapGet("/reports/groups/{groupCode}", (string groupCode, string? subject, int? periodId, DateOnly? from, DateOnly? to, string? format,
                Access access, CompetencesDbContext db, SettingsStore settings, CancellationToken ct) =>
            ClassReportAsync(groupCode, preferGroup: true, subject, periodId, from, to, format, access, db, settings, ct))
            .MeasuredAs("group")
            .WithSummary(summary.Replace("de la classe", "du groupe", StringComparison.Ordinal));
        return api;
    }

    /// <summary>The class (or group) with that code, and whether the caller may read its reports; a problem otherwise.</summary>
    internal static async Task<(Structure? Structure, IResult? Problem)> FindStructureAsync(string code, bool preferGroup, Access access, CompetencesDbContext db, CancellationToken ct)
    {
        Structure? structure = null;
        if (!preferGroup)
        {
            structure = await db.Classes.AsNoTracking().Where(c => c.Code == code).Select(c => new Structure(c.Code, c.Name, false)).FirstOrDefaultAsync(ct);
        }
        structure ??= await db.Groups.AsNoTracking().Where(g => g.Code == code).Select(g => new Structure(g.Code, g.Name, true)).FirstOrDefaultAsync(ct);
        if (structure is null)
        {
            return (null, Problems.NotFound(preferGroup
                ? $"Le groupe « {code} » n'existe pas dans cet établissement."
                : $"La classe ou le groupe « {code} » n'existe pas dans cet établissement."));
        }
        bool allowed = structure.IsGroup ? await access.CanReachGroupAsync(code, ct) : await access.CanReachClassAsync(code, ct);
        if (!allowed)
        {
            return (null, Problems.Forbidden(access.IsStaff
                ? "Vous n'enseignez pas dans cette classe ou ce groupe : ses résultats ne vous sont pas accessibles."
                : "Les bilans de classe sont réservés aux enseignants de la classe et à la direction."));
        }
        return (structure, null);
    }

    /// <summary>Server-Timing header (db = queries, compute = scoring and aggregates): visible in browsers' tools and in tests.</summary>
    internal static void ServerTiming(HttpContext http, double db, double compute, int entries, double entriesQuery) =>
        http.Response.Headers["Server-Timing"] = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"db;dur={db:0.0};desc=\"{entries} saisies\", entries;dur={entriesQuery:0.0}, compute;dur={compute:0.0}");

    private static async Task<IResult> ClassReportAsync(string code, bool preferGroup, string? subject, int? periodId, DateOnly? from, DateOnly? to, string? format,
        Access access, CompetencesDbContext db, SettingsStore settingsStore, CancellationToken ct)
    {
        if (!ReportExports.TryParseFormat(format, out var fmt))
        {
            return Problems.Validation(ReportExports.FormatError);
        }
        var (structure, problem) = await FindStructureAsync(code, preferGroup, access, db, ct);
        if (problem is not null)
        {
            return problem;
        }
        var settings = await settingsStore.GetAsync(ct);
        var (window, error) = ReportWindow.Resolve(settings, periodId, from, to);
        if (error is not null)
        {
            return Problems.Validation(error);
        }
        subject = string.IsNullOrWhiteSpace(subject) ? null : subject.Trim();
        var scoring = new ScoringContext(settings);
        string? classCode = structure!.IsGroup ? null : structure.Code;
        string? groupCode = structure.IsGroup ? structure.Code : null;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var students = await ReportData.StudentsAsync(db, classCode, groupCode, ct);
        Guid[] studentIds = [.. students.Select(s => s.StudentId)];
        // With a subject: its items first (one small query), then ONE query for the entries of these students on them.
        Dictionary<long, ItemInfo>? items = subject is null ? null : await ReportData.ItemsAsync(db, scoring, null, socleOnly: false, ct, subject);
        var beforeEntries = clock.Elapsed.TotalMilliseconds;
        var rows = studentIds.Length == 0 || items is { Count: 0 } ? [] : await ReportData.EntriesAsync(db, access.EstablishmentId, studentIds, items?.Keys.ToArray(), window!.To, null, ct);
        var entriesMs = clock.Elapsed.TotalMilliseconds - beforeEntries;
        items ??= await ReportData.ItemsAsync(db, scoring, [.. rows.Select(r => r.ItemId).Distinct()], socleOnly: false, ct);
        var queried = clock.Elapsed.TotalMilliseconds;
        string? subjectName = subject is null ? null : (await ReportData.SubjectNamesAsync(db, [subject], ct)).GetValueOrDefault(subject, subject);
        var report = ClassReportBuilder.Build(structure.Code, structure.Name, structure.IsGroup, subject, subjectName, window!, scoring, students, rows, items);
        ServerTiming(access.HttpContext, queried, clock.Elapsed.TotalMilliseconds - queried, rows.Count, entriesMs);
        string name = $"{(structure.IsGroup ? "groupe" : "classe")} {structure.Code} {subject}";
        return fmt switch
        {
            "csv" => ReportExports.File(ReportExports.ClassCsv(report), "csv", name),
            "pdf" => ReportExports.File(ReportExports.ClassPdf(report, scoring), "pdf", name),
            _ => TypedResults.Ok(report),
        };
    }
}
