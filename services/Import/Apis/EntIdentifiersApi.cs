using Sacoche.Import.Application.EntIdentifiers;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Import.Apis;

/// <summary>"Importer / Imposer les identifiants d'un ENT": upload, report, choices, confirmation, users still without id.</summary>
public static class EntIdentifiersApi
{
    public static RouteGroupBuilder MapEntIdentifiersApi(this RouteGroupBuilder group)
    {
        group.MapPost("/ent-identifiers", UploadAsync).AcceptsUpload(group.Limit())
            .WithName("UploadEntIdentifiers").WithSummary("Reçoit l'extraction CSV des identifiants d'un ENT et la rapproche de l'annuaire");
        group.MapGet("/ent-identifiers/missing", MissingAsync).WithName("ListMissingEntIds").WithSummary("Utilisateurs actuels sans identifiant ENT");
        group.MapGet("/ent-identifiers/{id:guid}", GetAsync).WithName("GetEntIdentifiers").WithSummary("Rapport de rapprochement, ligne par ligne, avec les choix faits");
        group.MapGet("/ent-identifiers/{id:guid}/report.csv", GetCsvAsync).WithName("GetEntIdentifiersReportCsv").WithSummary("Rapport de rapprochement en CSV");
        group.MapPost("/ent-identifiers/{id:guid}/resolve", ResolveAsync).WithName("ResolveEntIdentifiers").WithSummary("Enregistre les choix de l'administrateur (homonymes, correspondances approchées)");
        group.MapPost("/ent-identifiers/{id:guid}/confirm", ConfirmAsync).WithName("ConfirmEntIdentifiers").WithSummary("Écrit les identifiants ENT retenus");
        return group;
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, EntIdentifiersService service, CancellationToken ct)
    {
        var upload = await UploadForm.ReadAsync(request, ct);
        if (!upload.IsSuccess)
        {
            return Problems.For(upload.Error!);
        }

        var form = upload.Value;
        var result = await service.UploadAsync(new UploadEntIdentifiersRequest(form.File, form.Field("connector"), form.Field("format")), ct);
        return result.ToHttp(created => TypedResults.Created($"/api/import/ent-identifiers/{created.Id}", created));
    }

    private static async Task<IResult> GetAsync(Guid id, EntIdentifiersService service, CancellationToken ct)
        => (await service.GetAsync(id, ct)).ToHttp();

    private static async Task<IResult> GetCsvAsync(Guid id, EntIdentifiersService service, CancellationToken ct)
        => (await service.GetCsvAsync(id, ct)).ToHttp(csv => TypedResults.File(csv.Content, "text/csv; charset=utf-8", csv.FileName));

    private static async Task<IResult> ResolveAsync(Guid id, EntResolveRequest body, EntIdentifiersService service, CancellationToken ct)
        => (await service.ResolveAsync(id, body, ct)).ToHttp();

    private static async Task<IResult> ConfirmAsync(Guid id, EntIdentifiersService service, CancellationToken ct)
        => (await service.ConfirmAsync(id, ct)).ToHttp();

    private static async Task<IResult> MissingAsync(EntIdentifiersService service, string? profile, CancellationToken ct)
        => TypedResults.Ok(await service.MissingAsync(profile, ct));
}
