using Sacoche.Common.Results;
using Sacoche.ServiceDefaults.Security;
using HttpProblems = Sacoche.ServiceDefaults.Http.Problems;

namespace Sacoche.Competences.Apis;

public sealed record MeResponse(Guid? Sub, int? Base, string Profile, string Name);

public static class CompetencesApi
{
    public static IEndpointRouteBuilder MapCompetencesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/competences").RequireAuthorization();
        api.MapGet("/me", Me)
            .WithName("GetMe").WithSummary("L'appelant tel que son jeton le décrit (preuve que les jetons d'Identity sont acceptés ici).");

        // Everything else belongs to one establishment: a token without `base` or `sub` (the webmaster) gets 403,
        // but for reading the academy catalog and withdrawing from it (CatalogApi maps those on `api`).
        var tenant = api.MapGroup("").AddEndpointFilter(async (context, next) =>
        {
            var user = context.HttpContext.RequestServices.GetRequiredService<CurrentUser>();
            return user.EstablishmentId is null || user.UserId is null
                ? HttpProblems.For(Error.Forbidden("Cette fonction est réservée aux utilisateurs d'un établissement."))
                : await next(context);
        });
        tenant.MapSettingsApi();
        tenant.MapSubjectsApi();
        tenant.MapReferentialsApi();
        tenant.MapEvaluationsApi();
        tenant.MapEntriesApi();
        tenant.MapEvaluationRequestsApi();
        tenant.MapReportsApi();
        tenant.MapClassReportsApi();
        tenant.MapCommonCoreApi();
        tenant.MapPeriodsApi();
        tenant.MapBilansApi();
        tenant.MapParcoursMeasuresApi();
        tenant.MapCycleBilansApi();
        tenant.MapBulletinsApi();
        tenant.MapLsuApi();
        api.MapCatalogApi(tenant); // reading and withdrawing: the webmaster too
        tenant.MapRosterApi();
        return app;
    }

    private static IResult Me(CurrentUser user) => TypedResults.Ok(new MeResponse(user.UserId, user.EstablishmentId, user.Profile, user.Name));
}
