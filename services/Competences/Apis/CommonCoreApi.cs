using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Reports;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

public static class CommonCoreApi
{
    private const string ClassSummary = "Vue de la classe sur le socle commun : élèves × 8 composantes (pourcentage, degré calculé, positionnement, degré retenu) "
        + "et points du brevet. Export : format=csv ou format=pdf.";

    public static RouteGroupBuilder MapCommonCoreApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/common-core");
        group.MapGet("/students/{studentId:guid}", StudentAsync).MeasuredAs("common_core_student").WithName("GetCommonCoreSheet")
            .WithSummary("Fiche du socle commun d'un élève pour un cycle : les 8 composantes, les scores des items liés (méthode du référentiel, toutes dates), "
                + "le pourcentage d'items acquis, le degré de maîtrise calculé (seuils des paramètres), le positionnement de l'enseignant et les points du brevet. "
                + "Export : format=csv ou format=pdf.");
        group.MapPut("/students/{studentId:guid}/positionings", PositionAsync).WithName("SetCommonCorePositioning")
            .WithSummary("Positionnement d'un élève sur une composante du socle (degré 1 à 4, null pour l'effacer) : il prime sur le degré calculé, "
                + "les deux restent affichés. Réservé au professeur principal de la classe, à la direction et aux administrateurs.");
        group.MapGet("/classes/{classCode}", ClassAsync).MeasuredAs("common_core_class").WithName("GetCommonCoreClass")
            .WithSummary(ClassSummary + " Un code de groupe est aussi accepté.");
        group.MapGet("/groups/{groupCode}", GroupAsync).MeasuredAs("common_core_group").WithName("GetCommonCoreGroup").WithSummary(ClassSummary);
        group.MapGet("/establishment", EstablishmentAsync).MeasuredAs("common_core_establishment").WithName("GetCommonCoreEstablishment")
            .WithSummary("Socle commun de tous les élèves de l'établissement (direction et administrateurs). Export : format=csv ou format=pdf.");
        return api;
    }

    private static async Task<IResult> StudentAsync(Guid studentId, int? cycle, string? format, CommonCoreService service, HttpContext http, CancellationToken ct) =>
        (await service.StudentAsync(studentId, cycle, format, ct)).ToHttp(http);

    private static async Task<IResult> PositionAsync(Guid studentId, PositioningRequest? body, CommonCoreService service, CancellationToken ct) =>
        (await service.PositionAsync(studentId, body, ct)).ToHttp();

    private static async Task<IResult> ClassAsync(string classCode, int? cycle, string? format, CommonCoreService service, HttpContext http, CancellationToken ct) =>
        (await service.ClassViewAsync(classCode, preferGroup: false, cycle, format, ct)).ToHttp(http);

    private static async Task<IResult> GroupAsync(string groupCode, int? cycle, string? format, CommonCoreService service, HttpContext http, CancellationToken ct) =>
        (await service.ClassViewAsync(groupCode, preferGroup: true, cycle, format, ct)).ToHttp(http);

    private static async Task<IResult> EstablishmentAsync(int? cycle, string? format, CommonCoreService service, HttpContext http, CancellationToken ct) =>
        (await service.ClassViewAsync(null, preferGroup: false, cycle, format, ct)).ToHttp(http);
}
