using Sacoche.Competences.Application.CycleBilans;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

public static class CycleBilansApi
{
    public static RouteGroupBuilder MapCycleBilansApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cycle-bilans").RequireStaff("Les bilans de fin de cycle en cours de saisie sont réservés aux personnels.");
        group.MapGet("", ClassAsync).WithName("GetCycleBilanClass")
            .WithSummary("Bilans de fin de cycle d'une classe (classCode, cycle=3 en 6e, 4 en 3e) : par élève les 8 degrés retenus (0 = non évalué), synthèse rédigée, verrou.");
        group.MapGet("/{studentId:guid}", GetAsync).WithName("GetCycleBilan")
            .WithSummary("Bilan de fin de cycle d'un élève (cycle=3 en 6e, 4 en 3e) : les 8 composantes du socle (degré calculé, positionné, retenu), "
                + "la synthèse, l'enseignement de complément, le verrou et la version.");
        group.MapPut("/{studentId:guid}", WriteAsync).WithName("WriteCycleBilan")
            .WithSummary("Synthèse (1 500 caractères), enseignement de complément (AUC, LCA, LCR, PRO, LSF, LVE et niveau 1 ou 2) et verrou d'un bilan de fin de cycle : "
                + "professeur principal ou direction ; déverrouiller : direction ; verrouillé → 409 bilan-status ; version périmée → 409 entry-changed.");
        return api;
    }

    private static async Task<IResult> ClassAsync(string? classCode, int? cycle, CycleBilanService service, CancellationToken ct) =>
        (await service.ClassAsync(classCode, cycle, ct)).ToHttp();

    private static async Task<IResult> GetAsync(Guid studentId, int? cycle, CycleBilanService service, CancellationToken ct) =>
        (await service.GetAsync(studentId, cycle, ct)).ToHttp();

    private static async Task<IResult> WriteAsync(Guid studentId, int? cycle, CycleBilanWrite? body, CycleBilanService service, CancellationToken ct) =>
        (await service.WriteAsync(studentId, cycle, body, ct)).ToHttp();
}
