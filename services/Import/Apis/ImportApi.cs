namespace Sacoche.Import.Apis;

public static class ImportApi
{
    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/import").RequireAuthorization();
        return app;
    }
}
