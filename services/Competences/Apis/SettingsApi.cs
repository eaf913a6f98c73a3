using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Settings;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

public static class SettingsApi
{
    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/settings", GetAsync)
            .WithName("GetSettings").WithSummary("Les paramètres de l'établissement (codes de notation, états d'acquisition, calcul, périodes).");
        api.MapPut("/settings", SaveAsync).RequireAdmin("Seul un administrateur de l'établissement peut modifier les paramètres.")
            .WithName("SaveSettings").WithSummary("Remplace les paramètres de l'établissement (administrateurs).");
        return api;
    }

    private static async Task<IResult> GetAsync(SettingsService service, CancellationToken ct) => (await service.GetAsync(ct)).ToHttp();

    private static async Task<IResult> SaveAsync(SettingsDocument? body, SettingsService service, CancellationToken ct) =>
        (await service.SaveAsync(body, ct)).ToHttp();
}
