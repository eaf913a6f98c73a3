using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Reports;

namespace Sacoche.Competences.Apis;

public static class ClassReportsApi
{
    private const string Summary = "Tableau de la classe : élèves × items avec score et état, moyenne et pourcentage d'items acquis par élève, "
        + "répartition des états par item. Filtres : subject, periodId (périodes des paramètres, avec la rétroactivité de chaque référentiel) ou from/to. "
        + "Export : format=csv (UTF-8 avec BOM, séparateur ;) ou format=pdf (imprimable, paysage).";

    public static RouteGroupBuilder MapClassReportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/classes/{classCode}", ClassAsync).MeasuredAs("class").WithName("GetClassReport")
            .WithSummary(Summary + " Un code de groupe est aussi accepté.");
        api.MapGet("/reports/groups/{groupCode}", GroupAsync).MeasuredAs("group").WithName("GetGroupReport")
            .WithSummary(Summary.Replace("de la classe", "du groupe", StringComparison.Ordinal));
        return api;
    }

    private static async Task<IResult> ClassAsync(string classCode, string? subject, long? periodId, DateOnly? from, DateOnly? to, string? format,
        ClassReportService service, HttpContext http, CancellationToken ct) =>
        (await service.ReportAsync(classCode, preferGroup: false, subject, periodId, from, to, format, ct)).ToHttp(http);

    private static async Task<IResult> GroupAsync(string groupCode, string? subject, long? periodId, DateOnly? from, DateOnly? to, string? format,
        ClassReportService service, HttpContext http, CancellationToken ct) =>
        (await service.ReportAsync(groupCode, preferGroup: true, subject, periodId, from, to, format, ct)).ToHttp(http);
}
