using Sacoche.Common.Results;
using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Catalog;
using Sacoche.Competences.Application.Referentials;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

/// <summary>The academy catalog of shared referentials (<see cref="CatalogService"/>): cross-tenant reading and withdrawing.</summary>
public static class CatalogApi
{
    private const string ReadersOnly = "La banque de référentiels est réservée aux personnels.";

    /// <summary>Publishing and importing belong to an establishment (<paramref name="tenant"/>); reading and withdrawing are open to the webmaster too.</summary>
    public static RouteGroupBuilder MapCatalogApi(this RouteGroupBuilder api, RouteGroupBuilder tenant)
    {
        tenant.MapPost("/referentials/{id:long}/publish", PublishAsync)
            .WithName("PublishReferential").WithSummary("Publie le référentiel dans la banque académique (version immuable : une nouvelle publication crée la version suivante). "
                + "Nombre de publications limité par utilisateur (par heure et par 24 heures) : 429 au-delà.");
        api.MapGet("/catalog", ListAsync).RequireAccess(IsReader, ReadersOnly)
            .WithName("ListCatalog").WithSummary("Banque académique de référentiels partagés (tous les établissements), les plus récents d'abord ; dernière version de chacun, "
                + $"ou toutes avec allVersions=true ; pages de pageSize éléments ({PageRequest.DefaultPageSize} par défaut, {PageRequest.MaxPageSize} au plus), page à partir de 1.");
        api.MapGet("/catalog/{catalogId:long}", GetAsync).RequireAccess(IsReader, ReadersOnly)
            .WithName("GetCatalogEntry").WithSummary("Aperçu d'un référentiel de la banque académique (arborescence complète).");
        api.MapDelete("/catalog/{catalogId:long}", WithdrawAsync).RequireAccess(IsReader, ReadersOnly)
            .WithName("WithdrawCatalogEntry").WithSummary("Retire de la banque académique le référentiel partagé et toutes ses versions (auteur de la dernière version ou webmestre) ; "
                + "les copies déjà importées par les établissements ne changent pas.");
        tenant.MapPost("/catalog/{catalogId:long}/import", ImportAsync)
            .WithName("ImportCatalogEntry").WithSummary("Importe une copie d'un référentiel de la banque académique dans l'établissement (matière et niveau modifiables).");
        return api;
    }

    /// <summary>Staff of an establishment and the webmaster read the catalog; nobody else.</summary>
    private static bool IsReader(Access access) => access.IsEstablishmentStaff || access.IsWebmaster;

    private static async Task<IResult> PublishAsync(long id, PublishRequest? body, CatalogService service, CancellationToken ct) =>
        (await service.PublishAsync(id, body, ct)).ToHttp(entry => TypedResults.Created($"/api/competences/catalog/{entry.Id}", entry));

    private static async Task<IResult> ListAsync([AsParameters] CatalogQuery query, CatalogService service, CancellationToken ct) =>
        (await service.ListAsync(query, ct)).ToHttp();

    private static async Task<IResult> GetAsync(long catalogId, CatalogService service, CancellationToken ct) =>
        (await service.GetAsync(catalogId, ct)).ToHttp();

    private static async Task<IResult> WithdrawAsync(long catalogId, CatalogService service, CancellationToken ct) =>
        (await service.WithdrawAsync(catalogId, ct)).ToHttp();

    private static async Task<IResult> ImportAsync(long catalogId, CatalogImportRequest? body, CatalogService service, CancellationToken ct) =>
        (await service.ImportAsync(catalogId, body, ct)).ToHttp(Created);

    private static IResult Created(ReferentialResponse referential) => TypedResults.Created($"/api/competences/referentials/{referential.Id}", referential);
}
