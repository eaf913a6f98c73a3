using Sacoche.Competences.Application.Lsu;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

/// <summary>The national LSU export (docs/domain/lsu.md): settings, the pre-export check, the stored exports. Direction and administrator.</summary>
public static class LsuApi
{
    private const string ManagersOnly = "L'export vers le LSU est réservé à l'administrateur et à la direction.";

    public static RouteGroupBuilder MapLsuApi(this RouteGroupBuilder api)
    {
        var lsu = api.MapGroup("/lsu").RequireAccess(a => a.IsWholeEstablishment, ManagersOnly);
        lsu.MapGet("/settings", GetSettingsAsync).WithName("GetLsuSettings")
            .WithSummary("Réglages du LSU : le responsable d'établissement choisi, celui qui sera exporté et les membres de la direction (STS-web) parmi lesquels choisir.");
        lsu.MapPut("/settings", PutSettingsAsync).WithName("SetLsuSettings")
            .WithSummary("Choisit le responsable d'établissement du LSU (1 à 100 caractères) ; null ou vide : le seul membre de la direction, s'il n'y en a qu'un.");
        lsu.MapGet("/check", CheckAsync).WithName("CheckLsuExport")
            .WithSummary("Vérification avant l'export : periodId (répété ou séparé par des virgules), classCodes (vide : toutes les classes des périodes), "
                + "cycle (true, false, 3 ou 4) ; chaque problème (erreur : fichier invalide, avertissement : incomplet) avec la page où le corriger.");
        lsu.MapPost("/exports", ExportAsync).WithName("CreateLsuExport")
            .WithSummary("Produit le fichier LSU des bilans complets (et des bilans de fin de cycle verrouillés), le valide contre le schéma officiel et l'enregistre ; "
                + "une erreur de la vérification → 422 lsu-invalid avec « problems ».");
        lsu.MapGet("/exports", ListAsync).WithName("ListLsuExports").WithSummary("Les exports LSU enregistrés, du plus récent au plus ancien.");
        lsu.MapGet("/exports/{id:long}", DownloadAsync).WithName("GetLsuExport").WithSummary("Le fichier XML d'un export LSU, tel qu'il a été enregistré.");
        return api;
    }

    private static async Task<IResult> GetSettingsAsync(LsuSettingsService service, CancellationToken ct) => (await service.GetAsync(ct)).ToHttp();

    private static async Task<IResult> PutSettingsAsync(LsuSettingsRequest? body, LsuSettingsService service, CancellationToken ct) =>
        (await service.PutAsync(body, ct)).ToHttp();

    private static async Task<IResult> CheckAsync(string[]? periodId, string[]? classCodes, string? cycle, LsuService service, CancellationToken ct) =>
        (await service.CheckAsync(periodId, classCodes, cycle, ct)).ToHttp();

    private static async Task<IResult> ExportAsync(LsuExportRequest? body, LsuService service, CancellationToken ct) =>
        (await service.ExportAsync(body, ct)).ToHttp(export => TypedResults.Created($"/api/competences/lsu/exports/{export.Id}", export));

    private static async Task<IResult> ListAsync(LsuService service, CancellationToken ct) => (await service.ListAsync(ct)).ToHttp();

    private static async Task<IResult> DownloadAsync(long id, LsuService service, HttpResponse response, CancellationToken ct) =>
        (await service.DownloadAsync(id, ct)).ToHttp(file =>
        {
            response.ContentLength = file.Size;
            return TypedResults.Stream(stream => file.WriteToAsync(stream, ct), LsuService.ContentType, file.FileName);
        });
}
