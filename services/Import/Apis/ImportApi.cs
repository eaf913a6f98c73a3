namespace Sacoche.Import.Apis;

public static class ImportApi
{
    /// <summary>Establishment administrators only (profile ADM with a base).</summary>
    public const string AdminPolicy = "import-admin";

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/import").RequireAuthorization(AdminPolicy).WithTags("Import");
        group.MapImportFilesApi();
        group.MapPeopleApi();
        group.MapStructuresApi();
        group.MapEntIdentifiersApi();
        return app;
    }
}
