using Sacoche.Competences.Application.Evaluations;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

public static class EvaluationsApi
{
    public static RouteGroupBuilder MapEvaluationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/evaluations");
        group.MapGet("/", ListAsync).WithName("ListEvaluations").WithSummary("Mes évaluations et celles que des collègues partagent avec moi, les plus récentes d'abord.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetEvaluation").WithSummary("Une évaluation (droit « voir » au moins).");
        group.MapPost("/", CreateAsync).WithName("CreateEvaluation")
            .WithSummary("Crée une évaluation sur une classe, un groupe ou une sélection d'élèves, avec ses items et ses partages.");
        group.MapPut("/{id:long}", UpdateAsync).WithName("UpdateEvaluation")
            .WithSummary("Modifie une évaluation (droit « modifier »). Retirer des items qui ont des saisies demande confirm=true.");
        group.MapPut("/{id:long}/done", SetDoneAsync).WithName("SetEvaluationDone")
            .WithSummary("Marque l'évaluation comme terminée (ou non) : propriétaire ou droit « modifier ».");
        group.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteEvaluation")
            .WithSummary("Supprime une évaluation (propriétaire, direction, administrateurs). Avec des saisies : confirm=true.");
        return api;
    }

    private static async Task<IResult> ListAsync(string? sort, bool? done, EvaluationService service, CancellationToken ct) =>
        (await service.ListAsync(sort, done, ct)).ToHttp();

    private static async Task<IResult> SetDoneAsync(long id, EvaluationDoneRequest? body, EvaluationService service, CancellationToken ct) =>
        (await service.SetDoneAsync(id, body, ct)).ToHttp();

    private static async Task<IResult> GetAsync(long id, EvaluationService service, CancellationToken ct) =>
        (await service.GetAsync(id, ct)).ToHttp();

    private static async Task<IResult> CreateAsync(EvaluationRequest? body, EvaluationService service, CancellationToken ct) =>
        (await service.CreateAsync(body, ct)).ToHttp(e => TypedResults.Created($"/api/competences/evaluations/{e.Id}", e));

    private static async Task<IResult> UpdateAsync(long id, bool? confirm, EvaluationRequest? body, EvaluationService service, CancellationToken ct) =>
        (await service.UpdateAsync(id, confirm, body, ct)).ToHttp();

    private static async Task<IResult> DeleteAsync(long id, bool? confirm, EvaluationService service, CancellationToken ct) =>
        (await service.DeleteAsync(id, confirm, ct)).ToHttp();
}
