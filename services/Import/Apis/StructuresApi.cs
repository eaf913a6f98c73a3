using Sacoche.Import.Application.Structures;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Import.Apis;

/// <summary>Classes and groups with their members and teachers.</summary>
public static class StructuresApi
{
    public static RouteGroupBuilder MapStructuresApi(this RouteGroupBuilder group)
    {
        group.MapGet("/structures", ListAsync).WithName("ListStructures").WithSummary("Classes et groupes, avec leurs effectifs et leurs professeurs");
        group.MapGet("/structures/{code}", GetAsync).WithName("GetStructure").WithSummary("Une classe ou un groupe : membres et professeurs");
        return group;
    }

    private static async Task<IResult> ListAsync(StructuresService service, CancellationToken ct)
        => TypedResults.Ok(await service.ListAsync(ct));

    private static async Task<IResult> GetAsync(string code, StructuresService service, CancellationToken ct)
        => (await service.GetAsync(code, ct)).ToHttp();
}
