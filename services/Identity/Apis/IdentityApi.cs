namespace Sacoche.Identity.Apis;

public static class IdentityApi
{
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/identity").RequireAuthorization("api");
        api.MapEstablishmentsApi();
        api.MapAccountsApi();
        api.MapAdministratorsApi();
        app.MapAuthorizationEndpoints();
        app.MapAccountPages();
        app.MapSsoEndpoints();
        return app;
    }
}
