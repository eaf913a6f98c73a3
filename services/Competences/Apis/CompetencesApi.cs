using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Apis;

public static class CompetencesApi
{
    public static IEndpointRouteBuilder MapCompetencesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/competences").RequireAuthorization();
        // The caller as the token describes them: proves tokens from Identity validate here.
        api.MapGet("/me", (CurrentUser user) => TypedResults.Ok(new MeResponse(user.UserId, user.EstablishmentId, user.Profile, user.Name)));

        // Everything else belongs to one establishment: a token without `base` (webmaster) gets 403,
        // but for reading the academy catalog and withdrawing from it (CatalogApi checks those itself).
        var tenant = api.MapGroup("").AddEndpointFilter(async (context, next) =>
        {
            var user = context.HttpContext.RequestServices.GetRequiredService<CurrentUser>();
            return user.EstablishmentId is null || user.UserId is null
                ? Problems.Forbidden("Cette fonction est réservée aux utilisateurs d'un établissement.")
                : await next(context);
        });
        tenant.MapSettingsApi();
        tenant.MapSubjectsApi();
        tenant.MapReferentialsApi();
        tenant.MapEvaluationsApi();
        tenant.MapEntriesApi();
        tenant.MapReportsApi();
        tenant.MapClassReportsApi();
        tenant.MapCommonCoreApi();
        api.MapCatalogApi(tenant); // reading and withdrawing: the webmaster too
        tenant.MapRosterApi();
        return app;
    }
}

public sealed record MeResponse(Guid? Sub, int? Base, string Profile, string Name);
