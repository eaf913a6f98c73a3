using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Reports;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/students/{studentId:guid}", ReportAsync).MeasuredAs("student").WithName("GetStudentReport")
            .WithSummary("Relevé d'évaluations d'un élève. Période : periodId (périodes des paramètres) ou from/to. "
                + "Export : format=csv (UTF-8 avec BOM, séparateur ;) ou format=pdf (imprimable).");
        api.MapGet("/reports/students/{studentId:guid}/synthesis", SynthesisAsync).MeasuredAs("student_synthesis").WithName("GetStudentSynthesis")
            .WithSummary("Synthèse d'un élève par matière, agrégée par domaine ou par thème selon le mode de synthèse du référentiel "
                + "(pourcentage d'items acquis et moyenne). Période : periodId ou from/to.");
        api.MapGet("/reports/students/{studentId:guid}/chronology", ChronologyAsync).MeasuredAs("student_chronology").WithName("GetStudentChronology")
            .WithSummary("Bilan chronologique d'un élève : ses évaluations dans l'ordre des dates, avec la moyenne et le pourcentage "
                + "d'items acquis de la matière après chacune.");
        return api;
    }

    private static async Task<IResult> ReportAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, long? periodId, string? format,
        StudentReportService service, HttpContext http, CancellationToken ct) =>
        (await service.ReportAsync(studentId, subject, from, to, periodId, format, ct)).ToHttp(http);

    private static async Task<IResult> SynthesisAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, long? periodId,
        StudentReportService service, CancellationToken ct) =>
        (await service.SynthesisAsync(studentId, subject, from, to, periodId, ct)).ToHttp();

    private static async Task<IResult> ChronologyAsync(Guid studentId, string? subject, DateOnly? from, DateOnly? to, long? periodId,
        StudentReportService service, CancellationToken ct) =>
        (await service.ChronologyAsync(studentId, subject, from, to, periodId, ct)).ToHttp();
}
