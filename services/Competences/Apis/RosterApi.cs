using Sacoche.Competences.Application.Roster;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

/// <summary>The roster projection as the UI needs it (<see cref="RosterService"/>).</summary>
public static class RosterApi
{
    public static RouteGroupBuilder MapRosterApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me/children", ChildrenAsync)
            .RequireAccess(a => a.IsStudent || a.IsGuardian, "Seuls les parents et les élèves ont des enfants rattachés à leur compte.")
            .WithName("GetMyChildren").WithSummary("Les enfants rattachés au parent connecté (l'élève lui-même pour un élève).");
        api.MapGet("/me/structures", StructuresAsync).RequireStaff("Les classes et groupes sont réservés aux personnels de l'établissement.")
            .WithName("GetMyStructures").WithSummary("Les classes et groupes que l'enseignant connecté peut évaluer (tout l'établissement pour l'administration et la direction).");
        api.MapGet("/colleagues", ColleaguesAsync).RequireStaff("La liste des collègues est réservée aux personnels de l'établissement.")
            .WithName("ListColleagues").WithSummary("Les personnels de l'établissement, pour partager une évaluation.");
        return api;
    }

    private static async Task<IResult> ChildrenAsync(RosterService service, CancellationToken ct) => (await service.ChildrenAsync(ct)).ToHttp();

    private static async Task<IResult> StructuresAsync(RosterService service, CancellationToken ct) => (await service.StructuresAsync(ct)).ToHttp();

    private static async Task<IResult> ColleaguesAsync(RosterService service, CancellationToken ct) => (await service.ColleaguesAsync(ct)).ToHttp();
}
