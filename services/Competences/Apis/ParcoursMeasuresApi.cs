using Sacoche.Competences.Application.Bilans;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

public static class ParcoursMeasuresApi
{
    public static RouteGroupBuilder MapParcoursMeasuresApi(this RouteGroupBuilder api)
    {
        var bilan = api.MapGroup("/bilans/{classCode}/{periodId:long}");
        bilan.MapGet("/parcours", ParcoursAsync).WithName("GetBilanParcours")
            .WithSummary("Parcours éducatifs de la classe pour la période (PAR_AVN, PAR_CIT, PAR_SAN, PAR_ART) et leur projet.");
        bilan.MapPut("/parcours", WriteParcoursAsync).WithName("WriteBilanParcours")
            .WithSummary("Remplace les parcours de la classe pour la période (chacun au plus une fois, projet de 1 à 600 caractères) : professeur principal ou direction.");
        bilan.MapGet("/measures", MeasuresAsync).WithName("GetBilanMeasures")
            .WithSummary("Élèves de la classe et leurs mesures d'accompagnement (PAP, PPS, PPRE, ULIS, SEGPA, UPE2A, PAI).");
        api.MapPut("/students/{studentId:guid}/measures", WriteMeasuresAsync).WithName("WriteStudentMeasures")
            .RequireStaff("Les mesures d'accompagnement sont saisies par les personnels.")
            .WithSummary("Remplace les mesures d'accompagnement d'un élève (complément de 600 caractères pour le PPRE seulement) : professeur principal, CPE ou direction.");
        return api;
    }

    private static async Task<IResult> ParcoursAsync(string classCode, long periodId, ParcoursMeasuresService service, CancellationToken ct) =>
        (await service.ParcoursAsync(classCode, periodId, ct)).ToHttp();

    private static async Task<IResult> WriteParcoursAsync(string classCode, long periodId, BilanParcoursWrite? body, ParcoursMeasuresService service, CancellationToken ct) =>
        (await service.WriteParcoursAsync(classCode, periodId, body, ct)).ToHttp();

    private static async Task<IResult> MeasuresAsync(string classCode, long periodId, ParcoursMeasuresService service, CancellationToken ct) =>
        (await service.MeasuresAsync(classCode, periodId, ct)).ToHttp();

    private static async Task<IResult> WriteMeasuresAsync(Guid studentId, StudentMeasuresWrite? body, ParcoursMeasuresService service, CancellationToken ct) =>
        (await service.WriteMeasuresAsync(studentId, body, ct)).ToHttp();
}
