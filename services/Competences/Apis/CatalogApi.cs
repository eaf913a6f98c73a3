using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Apis;

public sealed record PublishRequest(string? Description);

public sealed record CatalogImportRequest(string? SubjectCode, string? LevelCode);

/// <summary>A catalog entry. <c>CanWithdraw</c>: whether the caller may withdraw its publication (its latest version's author, or the webmaster).</summary>
public sealed record CatalogSummary(long Id, int AuthorEstablishment, long SourceReferentialId, int Version, bool Latest, string SubjectCode, string SubjectName,
    string LevelCode, string LevelName, string Description, string Method, int Limit, string Retroactivity, string SynthesisMode, int ItemCount, DateTimeOffset PublishedAt,
    bool CanWithdraw = false);

public sealed record CatalogDetail(CatalogSummary Summary, IReadOnlyList<DomainDto> Domains);

/// <summary>One page of the catalog: newest publications first; <c>PageCount</c> is 0 when nothing matches.</summary>
public sealed record CatalogPage(IReadOnlyList<CatalogSummary> Items, int Page, int PageSize, int TotalCount, int PageCount);

/// <summary>
/// The academy catalog of shared referentials. Deliberately cross-tenant: every establishment's staff reads it
/// (and the webmaster, who has no establishment); rows are immutable published snapshots (a new publication of
/// the same referential is a new version) and carry no personal data.
/// A publication (one establishment's referential, all its versions) is withdrawn as a whole, by the author of its
/// latest version or by the webmaster: withdrawing only the newest version would bring an older one, maybe a
/// colleague's, back into the list. Copies already imported by schools are untouched.
/// </summary>
public static class CatalogApi
{
    public const int MaxDescriptionLength = 1000;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Publishing and importing belong to an establishment (<paramref name="tenant"/>); reading and withdrawing are open to the webmaster too.</summary>
    public static RouteGroupBuilder MapCatalogApi(this RouteGroupBuilder api, RouteGroupBuilder tenant)
    {
        tenant.MapPost("/referentials/{id:long}/publish", async (long id, PublishRequest? body, Access access, CompetencesDbContext db,
            IOptions<CatalogOptions> options, TimeProvider clock, CancellationToken ct) =>
        {
            var referential = await ReferentialsApi.LoadAsync(db, id, ct);
            if (referential is null)
            {
                return Problems.NotFound($"Le référentiel n° {id} n'existe pas dans cet établissement.");
            }
            if (!await access.CanEditSubjectAsync(referential.SubjectCode, ct))
            {
                return Problems.Forbidden("Seuls les enseignants de la matière et les administrateurs peuvent publier ce référentiel.");
            }
            var description = body?.Description?.Trim() ?? "";
            if (description.Length == 0)
            {
                return Problems.Validation("Décrivez le référentiel (niveau, contenu, usage) pour les collègues de l'académie.");
            }
            if (description.Length > MaxDescriptionLength)
            {
                return Problems.Validation($"La description est trop longue ({MaxDescriptionLength} caractères au plus).");
            }
            var domains = referential.Domains.Select(d => new DomainDto(null, d.Code, d.Ref, d.Name,
                d.Themes.Select(t => new ThemeDto(null, t.Ref, t.Name,
                    t.Items.Select(i => new ItemDto(null, i.Ref, i.Name, i.Abbrev, i.Coef, i.Cart, i.Link, i.Comment, i.Socle)).ToList())).ToList())).ToList();
            int establishment = access.EstablishmentId;
            var subjectName = (await ReportData.SubjectNamesAsync(db, [referential.SubjectCode], ct)).GetValueOrDefault(referential.SubjectCode, referential.SubjectCode);
            var levelName = await db.Levels.Where(l => l.Code == referential.LevelCode).Select(l => l.Name).FirstOrDefaultAsync(ct) ?? referential.LevelCode;

            // The rate is counted from the stored publications, under a per-user lock: exact across instances and restarts.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await CatalogQueries.LockPublisherAsync(db, access.UserId, ct);
            var now = clock.GetUtcNow();
            var recent = await CatalogQueries.PublicationTimesAsync(db, access.UserId, now - PublicationRate.Day, ct);
            if (PublicationRate.WaitBeforeNext(recent, now, options.Value) is { } wait)
            {
                return TooManyPublications(access.HttpContext, wait, options.Value);
            }
            int version = 1 + (await db.Catalog.Where(c => c.AuthorEstablishmentId == establishment && c.SourceReferentialId == id)
                .MaxAsync(c => (int?)c.Version, ct) ?? 0);
            var entry = new CatalogReferential
            {
                AuthorEstablishmentId = establishment,
                SourceReferentialId = id,
                Version = version,
                SubjectCode = referential.SubjectCode,
                SubjectName = subjectName,
                LevelCode = referential.LevelCode,
                LevelName = levelName,
                Description = description,
                Method = referential.Method,
                Limit = referential.Limit,
                Retroactivity = referential.Retroactivity,
                SynthesisMode = referential.SynthesisMode,
                ItemCount = domains.Sum(d => d.Themes!.Sum(t => t.Items!.Count)),
                Tree = JsonSerializer.Serialize(domains, JsonSerializerOptions.Web),
                PublishedAt = now,
                PublishedBy = access.UserId,
            };
            db.Catalog.Add(entry);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return Problems.Conflict("publication-concurrente", "Une autre publication de ce référentiel vient d'avoir lieu : réessayez.");
            }
            return TypedResults.Created($"/api/competences/catalog/{entry.Id}", ToSummary(entry, latest: true, canWithdraw: true));
        }).WithSummary("Publie le référentiel dans la banque académique (version immuable : une nouvelle publication crée la version suivante). "
            + "Nombre de publications limité par utilisateur (par heure et par 24 heures) : 429 au-delà.");

        api.MapGet("/catalog", async (string? subject, string? level, bool? allVersions, int? page, int? pageSize, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (ReaderProblem(access) is { } problem)
            {
                return problem;
            }
            int size = Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize);
            int number = Math.Max(page ?? 1, 1);
            var filter = new CatalogFilter(subject?.Trim(), level?.Trim(), allVersions == true);
            var (rows, total) = await CatalogQueries.PageAsync(db, filter, number, size, ct);
            var items = rows.Select(r => new CatalogSummary(r.Id, r.AuthorEstablishmentId, r.SourceReferentialId, r.Version, r.Latest, r.SubjectCode, r.SubjectName,
                r.LevelCode, r.LevelName, r.Description, r.Method, r.Limit, r.Retroactivity, r.SynthesisMode, r.ItemCount, r.PublishedAt,
                CanWithdraw(access, r.AuthorEstablishmentId, r.LatestPublishedBy))).ToList();
            return TypedResults.Ok(new CatalogPage(items, number, size, total, (total + size - 1) / size));
        }).WithSummary($"Banque académique de référentiels partagés (tous les établissements), les plus récents d'abord ; dernière version de chacun, "
            + $"ou toutes avec allVersions=true ; pages de pageSize éléments ({DefaultPageSize} par défaut, {MaxPageSize} au plus), page à partir de 1.");

        api.MapGet("/catalog/{catalogId:long}", async (long catalogId, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (ReaderProblem(access) is { } problem)
            {
                return problem;
            }
            var entry = await CatalogQueries.Visible(db).AsNoTracking().FirstOrDefaultAsync(c => c.Id == catalogId, ct);
            if (entry is null)
            {
                return NotFound(catalogId);
            }
            var head = await CatalogQueries.HeadAsync(db, entry, ct);
            return TypedResults.Ok(new CatalogDetail(ToSummary(entry, head.Version == entry.Version, CanWithdraw(access, entry.AuthorEstablishmentId, head.PublishedBy)), Tree(entry)));
        }).WithSummary("Aperçu d'un référentiel de la banque académique (arborescence complète).");

        api.MapDelete("/catalog/{catalogId:long}", async (long catalogId, Access access, CompetencesDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            if (ReaderProblem(access) is { } problem)
            {
                return problem;
            }
            var entry = await CatalogQueries.Visible(db).AsNoTracking().FirstOrDefaultAsync(c => c.Id == catalogId, ct);
            if (entry is null)
            {
                return NotFound(catalogId);
            }
            var head = await CatalogQueries.HeadAsync(db, entry, ct);
            if (!CanWithdraw(access, entry.AuthorEstablishmentId, head.PublishedBy))
            {
                return Problems.Forbidden("Seul l'auteur de la dernière version de ce référentiel partagé, ou le webmestre, peut le retirer de la banque académique.");
            }
            string by = access.IsWebmaster ? "webmestre" : access.UserId.ToString();
            await CatalogQueries.WithdrawAsync(db, entry.AuthorEstablishmentId, entry.SourceReferentialId, head.Version, by, clock.GetUtcNow(), ct);
            return TypedResults.NoContent();
        }).WithSummary("Retire de la banque académique le référentiel partagé et toutes ses versions (auteur de la dernière version ou webmestre) ; "
            + "les copies déjà importées par les établissements ne changent pas.");

        tenant.MapPost("/catalog/{catalogId:long}/import", async (long catalogId, CatalogImportRequest? body, Access access, CompetencesDbContext db, SettingsStore settings, CancellationToken ct) =>
        {
            var entry = await CatalogQueries.Visible(db).AsNoTracking().FirstOrDefaultAsync(c => c.Id == catalogId, ct);
            if (entry is null)
            {
                return NotFound(catalogId);
            }
            // A copy in the caller's establishment, under the same or another subject/level; nothing links it back.
            var request = new ReferentialRequest(
                string.IsNullOrWhiteSpace(body?.SubjectCode) ? entry.SubjectCode : body.SubjectCode.Trim(),
                string.IsNullOrWhiteSpace(body?.LevelCode) ? entry.LevelCode : body.LevelCode.Trim(),
                entry.Method, entry.Limit, entry.Retroactivity, Tree(entry), entry.SynthesisMode);
            return await ReferentialsApi.CreateAsync(request, access, db, settings, ct);
        }).WithSummary("Importe une copie d'un référentiel de la banque académique dans l'établissement (matière et niveau modifiables).");
        return api;
    }

    private static IResult NotFound(long id) => Problems.NotFound($"Le référentiel partagé n° {id} n'existe pas dans la banque académique (ou il en a été retiré).");

    /// <summary>Staff of an establishment and the webmaster read the catalog; nobody else.</summary>
    private static IResult? ReaderProblem(Access access) => access.IsEstablishmentStaff || access.IsWebmaster
        ? null
        : Problems.Forbidden("La banque de référentiels est réservée aux personnels.");

    /// <summary>The webmaster, or the author of the publication's latest version (same establishment, same user).</summary>
    private static bool CanWithdraw(Access access, int authorEstablishment, Guid? latestPublishedBy) =>
        access.IsWebmaster || (access.IsEstablishmentStaff && authorEstablishment == access.EstablishmentId && latestPublishedBy is { } by && by == access.UserId);

    private static IResult TooManyPublications(HttpContext http, TimeSpan wait, CatalogOptions options)
    {
        int seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Problem(StatusCodes.Status429TooManyRequests, "trop-de-publications", "Trop de publications",
            $"Vous avez publié trop de référentiels récemment (au plus {options.PublicationsPerHour} par heure et {options.PublicationsPerDay} sur 24 heures) : "
            + $"réessayez dans {PublicationRate.French(wait)}.",
            new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
    }

    private static List<DomainDto> Tree(CatalogReferential entry) =>
        JsonSerializer.Deserialize<List<DomainDto>>(entry.Tree, JsonSerializerOptions.Web) ?? [];

    private static CatalogSummary ToSummary(CatalogReferential c, bool latest, bool canWithdraw) => new(c.Id, c.AuthorEstablishmentId, c.SourceReferentialId, c.Version, latest,
        c.SubjectCode, c.SubjectName, c.LevelCode, c.LevelName, c.Description, c.Method, c.Limit, c.Retroactivity, c.SynthesisMode, c.ItemCount, c.PublishedAt, canWithdraw);
}
