using Sacoche.Competences.Application;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Apis;

public static class SettingsApi
{
    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/settings", async (SettingsStore store, CancellationToken ct) => TypedResults.Ok(await store.GetAsync(ct)));

        api.MapPut("/settings", async (SettingsDocument? body, SettingsStore store, Access access, CancellationToken ct) =>
        {
            if (access.Profile != Profiles.Admin)
            {
                return Problems.Forbidden("Seul un administrateur de l'établissement peut modifier les paramètres.");
            }
            if (body is null)
            {
                return Problems.Validation("Le corps de la requête est vide.");
            }
            var errors = body.Validate();
            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
            }
            await store.SaveAsync(access.EstablishmentId, body, ct);
            return TypedResults.Ok(body);
        });
        return api;
    }
}
