using Sacoche.Import.Application.ImportFiles;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Import.Apis;

/// <summary>Uploads → background analysis → plan → confirmation, and the history of imports.</summary>
public static class ImportFilesApi
{
    public static RouteGroupBuilder MapImportFilesApi(this RouteGroupBuilder group)
    {
        group.MapPost("/files", UploadAsync).AcceptsUpload(group.Limit())
            .WithName("UploadImportFile").WithSummary("Reçoit un export (SIECLE, STS-web, tableau) et lance son analyse");
        group.MapGet("/imports", ListAsync).WithName("ListImports").WithSummary("Historique des imports, du plus récent au plus ancien");
        group.MapGet("/imports/{id:guid}", GetAsync).WithName("GetImport").WithSummary("État d'un import : progression, comptes, erreurs, avertissements");
        group.MapGet("/imports/{id:guid}/plan", GetPlanAsync).WithName("GetImportPlan").WithSummary("Plan des changements qu'appliquerait l'import");
        group.MapPost("/imports/{id:guid}/confirm", ConfirmAsync).WithName("ConfirmImport").WithSummary("Applique le plan, en entier ou les lignes choisies");
        return group;
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, ImportFilesService service, CancellationToken ct)
    {
        var upload = await UploadForm.ReadAsync(request, ct);
        if (!upload.IsSuccess)
        {
            return Problems.For(upload.Error!);
        }

        var result = await service.UploadAsync(new UploadImportRequest(upload.Value.File, upload.Value.Field("kind")), ct);
        return result.ToHttp(accepted => TypedResults.Accepted($"/api/import/imports/{accepted.ImportId}", accepted));
    }

    private static async Task<IResult> ListAsync(ImportFilesService service, int? page, int? pageSize, CancellationToken ct)
        => TypedResults.Ok(await service.ListAsync(page, pageSize, ct));

    private static async Task<IResult> GetAsync(Guid id, ImportFilesService service, CancellationToken ct)
        => (await service.GetAsync(id, ct)).ToHttp();

    private static async Task<IResult> GetPlanAsync(Guid id, ImportFilesService service, CancellationToken ct)
        => (await service.GetPlanAsync(id, ct)).ToHttp();

    private static async Task<IResult> ConfirmAsync(Guid id, ConfirmRequest? body, ImportFilesService service, CancellationToken ct)
        => (await service.ConfirmAsync(id, body, ct)).ToHttp();
}
