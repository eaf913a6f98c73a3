using Sacoche.Competences.Application.Periods;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

public static class PeriodsApi
{
    private const string ManagersOnly = "Seuls l'administrateur et la direction gèrent les périodes.";

    public static RouteGroupBuilder MapPeriodsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/periods", ListAsync).WithName("ListPeriods").WithSummary("Périodes de l'établissement (« Trimestre 1 »…), par date de début.");
        api.MapGet("/periods/{id:long}", GetAsync).WithName("GetPeriod").WithSummary("Une période.");
        api.MapPost("/periods", CreateAsync).WithName("CreatePeriod").RequireAccess(a => a.IsWholeEstablishment, ManagersOnly)
            .WithSummary("Crée une période : nom, dates (aaaa-mm-jj) dans une même année scolaire, classes ou groupes (aucun : toutes les classes) ; pas de chevauchement pour une même classe.");
        api.MapPut("/periods/{id:long}", UpdateAsync).WithName("UpdatePeriod").RequireAccess(a => a.IsWholeEstablishment, ManagersOnly)
            .WithSummary("Modifie une période (mêmes règles qu'à la création).");
        api.MapDelete("/periods/{id:long}", DeleteAsync).WithName("DeletePeriod").RequireAccess(a => a.IsWholeEstablishment, ManagersOnly)
            .WithSummary("Supprime une période qu'aucun bilan n'utilise.");
        return api;
    }

    private static async Task<IResult> ListAsync(PeriodService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(ct));

    private static async Task<IResult> GetAsync(long id, PeriodService service, CancellationToken ct) => (await service.GetAsync(id, ct)).ToHttp();

    private static async Task<IResult> CreateAsync(PeriodRequest? body, PeriodService service, CancellationToken ct) =>
        (await service.CreateAsync(body, ct)).ToHttp(p => TypedResults.Created($"/api/competences/periods/{p.Id}", p));

    private static async Task<IResult> UpdateAsync(long id, PeriodRequest? body, PeriodService service, CancellationToken ct) =>
        (await service.UpdateAsync(id, body, ct)).ToHttp();

    private static async Task<IResult> DeleteAsync(long id, PeriodService service, CancellationToken ct) => (await service.DeleteAsync(id, ct)).ToHttp();
}
