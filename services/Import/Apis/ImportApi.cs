using Microsoft.AspNetCore.Http.HttpResults;
using Sacoche.Import.Infrastructure;

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

    internal static ProblemHttpResult Problem(int status, string code, string title, string detail, IDictionary<string, object?>? extensions = null)
        => TypedResults.Problem(detail: detail, statusCode: status, title: title, type: Problems.Type(code), extensions: extensions);

    internal static ProblemHttpResult NotFound(string what) => Problem(StatusCodes.Status404NotFound, "not-found", "Introuvable", what);

    /// <summary>Reads the multipart form; null with a problem when the request is not a usable upload.</summary>
    internal static async Task<(IFormCollection? Form, ProblemHttpResult? Problem)> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "multipart-required", "Format d'envoi non pris en charge",
                "Envoyez le fichier en multipart/form-data, dans le champ « file »."));
        }

        try
        {
            return (await request.ReadFormAsync(ct), null);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return (null, Problem(StatusCodes.Status413PayloadTooLarge, "file-too-large", "Fichier trop volumineux",
                "Le fichier dépasse la taille maximale autorisée."));
        }
    }

    internal static int Page(int? page) => Math.Max(1, page ?? 1);

    internal static int PageSize(int? size) => Math.Clamp(size ?? 50, 1, 500);
}
