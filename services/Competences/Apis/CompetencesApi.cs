using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Apis;

public static class CompetencesApi
{
    public static IEndpointRouteBuilder MapCompetencesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/competences").RequireAuthorization();
        // The caller as the token describes them: proves tokens from Identity validate here.
        api.MapGet("/me", (CurrentUser user) => TypedResults.Ok(new MeResponse(user.UserId, user.EstablishmentId, user.Profile, user.Name)));
        return app;
    }
}

public sealed record MeResponse(Guid? Sub, int? Base, string Profile, string Name);
