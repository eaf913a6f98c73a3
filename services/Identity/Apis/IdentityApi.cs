namespace Sacoche.Identity.Apis;

public static class IdentityApi
{
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/identity").RequireAuthorization();
        return app;
    }
}
