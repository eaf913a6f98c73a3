using Sacoche.Import.Application.People;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Import.Apis;

/// <summary>The directory as imported, for the establishment's administrator.</summary>
public static class PeopleApi
{
    public static RouteGroupBuilder MapPeopleApi(this RouteGroupBuilder group)
    {
        group.MapGet("/people", ListAsync).WithName("ListPeople").WithSummary("Annuaire de l'établissement, filtré et paginé");
        group.MapGet("/people/{id:guid}", GetAsync).WithName("GetPerson").WithSummary("Fiche d'une personne : groupes, enfants, responsables, services");
        return group;
    }

    private static async Task<IResult> ListAsync([AsParameters] PeopleQuery query, PeopleService service, CancellationToken ct)
        => TypedResults.Ok(await service.ListAsync(query, ct));

    private static async Task<IResult> GetAsync(Guid id, PeopleService service, CancellationToken ct)
        => (await service.GetAsync(id, ct)).ToHttp();
}
