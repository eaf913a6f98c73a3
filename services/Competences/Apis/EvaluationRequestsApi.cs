using Sacoche.Competences.Application.Requests;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

public static class EvaluationRequestsApi
{
    private const string StaffOnly = "Seuls les personnels de l'établissement répondent aux demandes d'évaluation.";

    public static RouteGroupBuilder MapEvaluationRequestsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/requests");
        group.MapGet("/", ListAsync).WithName("ListEvaluationRequests")
            .WithSummary("Demandes d'évaluation : les siennes pour un élève, celles de ses élèves dans ses matières pour un enseignant, toutes pour la direction.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetEvaluationRequest").WithSummary("Une demande d'évaluation.");
        group.MapPost("/", CreateAsync).WithName("CreateEvaluationRequest")
            .WithSummary("Un élève demande à être évalué sur un item (proposé au panier), avec un message facultatif.");
        group.MapPost("/{id:long}/accept", AcceptAsync).WithName("AcceptEvaluationRequest").RequireStaff(StaffOnly)
            .WithSummary("Accepte une demande : nouvelle évaluation du jour, ou ajout de l'item et de l'élève à l'évaluation indiquée.");
        group.MapPost("/{id:long}/refuse", RefuseAsync).WithName("RefuseEvaluationRequest").RequireStaff(StaffOnly)
            .WithSummary("Refuse une demande, avec un message pour l'élève.");
        return api;
    }

    private static async Task<IResult> ListAsync(string? classCode, long? itemId, string? status, int? olderThanDays, EvaluationRequestService service, CancellationToken ct) =>
        (await service.ListAsync(classCode, itemId, status, olderThanDays, ct)).ToHttp();

    private static async Task<IResult> GetAsync(long id, EvaluationRequestService service, CancellationToken ct) =>
        (await service.GetAsync(id, ct)).ToHttp();

    private static async Task<IResult> CreateAsync(CreateEvaluationRequest? body, EvaluationRequestService service, CancellationToken ct) =>
        (await service.CreateAsync(body, ct)).ToHttp(r => TypedResults.Created($"/api/competences/requests/{r.Id}", r));

    private static async Task<IResult> AcceptAsync(long id, AcceptEvaluationRequest? body, EvaluationRequestService service, CancellationToken ct) =>
        (await service.AcceptAsync(id, body, ct)).ToHttp();

    private static async Task<IResult> RefuseAsync(long id, RefuseEvaluationRequest? body, EvaluationRequestService service, CancellationToken ct) =>
        (await service.RefuseAsync(id, body, ct)).ToHttp();
}
