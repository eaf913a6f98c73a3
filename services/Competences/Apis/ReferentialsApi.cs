using Sacoche.Common.Results;
using Sacoche.Competences.Application.Referentials;
using Sacoche.ServiceDefaults.Http;
using HttpProblems = Sacoche.ServiceDefaults.Http.Problems;

namespace Sacoche.Competences.Apis;

public static class ReferentialsApi
{
    private const string StaffOnly = "Les référentiels sont réservés aux personnels de l'établissement.";

    public static RouteGroupBuilder MapReferentialsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/referentials");
        group.MapGet("/", ListAsync).RequireStaff(StaffOnly)
            .WithName("ListReferentials").WithSummary("Les référentiels de l'établissement (filtres subject et level), par matière puis niveau.");
        group.MapGet("/{id:long}", GetAsync).RequireStaff(StaffOnly)
            .WithName("GetReferential").WithSummary("Un référentiel et son arborescence (domaines, thèmes, items) dans l'ordre.");
        group.MapPost("/", CreateAsync)
            .WithName("CreateReferential").WithSummary("Crée le référentiel d'une matière et d'un niveau (enseignants de la matière et administrateurs).");
        group.MapPut("/{id:long}", UpdateAsync)
            .WithName("UpdateReferential").WithSummary("Remplace l'arborescence : les nœuds avec un id sont gardés, déplacés ou renommés ; "
                + "supprimer des items qui ont des saisies demande confirm=true.");
        group.MapDelete("/{id:long}", DeleteAsync)
            .WithName("DeleteReferential").WithSummary("Supprime le référentiel ; s'il a des saisies d'élèves, confirm=true est demandé.");
        group.MapGet("/{id:long}/export.xml", ExportAsync).RequireStaff(StaffOnly)
            .WithName("ExportReferential").WithSummary("Le référentiel au format XML de SACoche.");
        group.MapPost("/import", ImportAsync).DisableAntiforgery()
            .WithName("ImportReferential").WithSummary("Crée un référentiel depuis un fichier XML : multipart (champ « file ») ou corps application/xml ; "
                + "matière et niveau dans la requête.");
        return api;
    }

    private static async Task<IResult> ListAsync(string? subject, string? level, ReferentialService service, CancellationToken ct) =>
        (await service.ListAsync(subject, level, ct)).ToHttp();

    private static async Task<IResult> GetAsync(long id, ReferentialService service, CancellationToken ct) =>
        (await service.GetAsync(id, ct)).ToHttp();

    private static async Task<IResult> CreateAsync(ReferentialRequest? body, ReferentialService service, CancellationToken ct) =>
        (await service.CreateAsync(body, ct)).ToHttp(Created);

    private static async Task<IResult> UpdateAsync(long id, bool? confirm, ReferentialRequest? body, ReferentialService service, CancellationToken ct) =>
        (await service.UpdateAsync(id, body, confirm == true, ct)).ToHttp();

    private static async Task<IResult> DeleteAsync(long id, bool? confirm, ReferentialService service, CancellationToken ct) =>
        (await service.DeleteAsync(id, confirm == true, ct)).ToHttp();

    private static async Task<IResult> ExportAsync(long id, ReferentialService service, CancellationToken ct) =>
        (await service.ExportXmlAsync(id, ct)).ToHttp(file => TypedResults.File(file.Content, "application/xml", file.FileName));

    /// <summary>The file comes as multipart (field « file », subject and level possibly as form fields) or as the raw body.</summary>
    private static async Task<IResult> ImportAsync(HttpRequest request, string? subjectCode, string? levelCode, string? method, int? limit, string? retroactivity,
        ReferentialService service, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if ((form.Files.GetFile("file") ?? form.Files.FirstOrDefault()) is not { } file)
            {
                return HttpProblems.For(ErrorCodes.MissingFile, "Aucun fichier reçu : joignez le fichier XML du référentiel (champ « file »).");
            }
            subjectCode ??= form["subjectCode"];
            levelCode ??= form["levelCode"];
            await file.CopyToAsync(stream, ct);
        }
        else
        {
            await request.Body.CopyToAsync(stream, ct);
        }
        stream.Position = 0;
        var import = new ReferentialImport(subjectCode, levelCode, method, limit, retroactivity);
        return (await service.ImportXmlAsync(stream, import, ct)).ToHttp(Created);
    }

    internal static IResult Created(ReferentialResponse referential) => TypedResults.Created($"/api/competences/referentials/{referential.Id}", referential);
}
