using Sacoche.Competences.Application.Entries;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

public static class EntriesApi
{
    public static RouteGroupBuilder MapEntriesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/evaluations/{id:long}/entries", GridAsync).WithName("GetEntryGrid").WithSummary("Grille de saisie d'une évaluation : élèves × items, avec la version de chaque cellule.");
        api.MapPut("/evaluations/{id:long}/entries", SaveAsync).WithName("SaveEntries")
            .WithSummary("Enregistre des cellules (droit « saisir ») : tout ou rien ; une cellule modifiée entre-temps par un collègue répond 409 avec les valeurs actuelles.");
        api.MapGet("/evaluations/{id:long}/entries/audit", AuditAsync).WithName("GetEntryAudit").WithSummary("Historique des saisies de l'évaluation (ancien et nouveau code, auteur, date).");
        return api;
    }

    private static async Task<IResult> GridAsync(long id, EntryService service, CancellationToken ct) =>
        (await service.GridAsync(id, ct)).ToHttp();

    private static async Task<IResult> SaveAsync(long id, List<EntryWrite>? body, EntryService service, CancellationToken ct) =>
        (await service.SaveAsync(id, body, ct)).ToHttp();

    private static async Task<IResult> AuditAsync(long id, EntryService service, CancellationToken ct) =>
        (await service.AuditAsync(id, ct)).ToHttp();
}
