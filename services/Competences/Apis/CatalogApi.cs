using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Apis;

public sealed record PublishRequest(string? Description);

public sealed record CatalogImportRequest(string? SubjectCode, string? LevelCode);

public sealed record CatalogSummary(long Id, int AuthorEstablishment, long SourceReferentialId, int Version, bool Latest, string SubjectCode, string SubjectName,
    string LevelCode, string LevelName, string Description, string Method, int Limit, string Retroactivity, string SynthesisMode, int ItemCount, DateTimeOffset PublishedAt);

public sealed record CatalogDetail(CatalogSummary Summary, IReadOnlyList<DomainDto> Domains);

/// <summary>
/// The academy catalog of shared referentials. Deliberately cross-tenant: every establishment reads it;
/// rows are immutable published snapshots (a new publication of the same referential is a new version)
/// and carry no personal data.
/// </summary>
public static class CatalogApi
{
    public const int MaxDescriptionLength = 1000;

    public static RouteGroupBuilder MapCatalogApi(this RouteGroupBuilder api)
    {
        api.MapPost("/referentials/{id:long}/publish", async (long id, PublishRequest? body, Access access, CompetencesDbContext db, CancellationToken ct) =>
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
            int version = 1 + (await db.Catalog.Where(c => c.AuthorEstablishmentId == establishment && c.SourceReferentialId == id)
                .MaxAsync(c => (int?)c.Version, ct) ?? 0);
            var entry = new CatalogReferential
            {
                AuthorEstablishmentId = establishment,
                SourceReferentialId = id,
                Version = version,
                SubjectCode = referential.SubjectCode,
                SubjectName = (await ReportData.SubjectNamesAsync(db, [referential.SubjectCode], ct)).GetValueOrDefault(referential.SubjectCode, referential.SubjectCode),
                LevelCode = referential.LevelCode,
                LevelName = await db.Levels.Where(l => l.Code == referential.LevelCode).Select(l => l.Name).FirstOrDefaultAsync(ct) ?? referential.LevelCode,
                Description = description,
                Method = referential.Method,
                Limit = referential.Limit,
                Retroactivity = referential.Retroactivity,
                SynthesisMode = referential.SynthesisMode,
                ItemCount = domains.Sum(d => d.Themes!.Sum(t => t.Items!.Count)),
                Tree = JsonSerializer.Serialize(domains, JsonSerializerOptions.Web),
                PublishedAt = DateTimeOffset.UtcNow,
            };
            db.Catalog.Add(entry);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return Problems.Conflict("publication-concurrente", "Une autre publication de ce référentiel vient d'avoir lieu : réessayez.");
            }
            return TypedResults.Created($"/api/competences/catalog/{entry.Id}", ToSummary(entry, latest: true));
        }).WithSummary("Publie le référentiel dans la banque académique (version immuable : une nouvelle publication crée la version suivante).");

        api.MapGet("/catalog", async (string? subject, string? level, bool? allVersions, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (!access.IsStaff)
            {
                return Problems.Forbidden("La banque de référentiels est réservée aux personnels.");
            }
            var query = db.Catalog.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(subject))
            {
                query = query.Where(c => c.SubjectCode == subject);
            }
            if (!string.IsNullOrWhiteSpace(level))
            {
                query = query.Where(c => c.LevelCode == level);
            }
            var rows = await query.OrderBy(c => c.SubjectCode).ThenBy(c => c.LevelCode).ThenByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id)
                .Select(c => new { c, Latest = !db.Catalog.Any(o => o.AuthorEstablishmentId == c.AuthorEstablishmentId && o.SourceReferentialId == c.SourceReferentialId && o.Version > c.Version) })
                .Take(1000).ToListAsync(ct);
            return TypedResults.Ok(rows.Where(r => allVersions == true || r.Latest).Select(r => ToSummary(r.c, r.Latest)).ToList());
        }).WithSummary("Banque académique de référentiels partagés (toutes les établissements) ; dernières versions, ou toutes avec allVersions=true.");

        api.MapGet("/catalog/{catalogId:long}", async (long catalogId, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (!access.IsStaff)
            {
                return Problems.Forbidden("La banque de référentiels est réservée aux personnels.");
            }
            var entry = await db.Catalog.AsNoTracking().FirstOrDefaultAsync(c => c.Id == catalogId, ct);
            if (entry is null)
            {
                return NotFound(catalogId);
            }
            bool latest = !await db.Catalog.AnyAsync(o => o.AuthorEstablishmentId == entry.AuthorEstablishmentId && o.SourceReferentialId == entry.SourceReferentialId && o.Version > entry.Version, ct);
            return TypedResults.Ok(new CatalogDetail(ToSummary(entry, latest), Tree(entry)));
        }).WithSummary("Aperçu d'un référentiel de la banque académique (arborescence complète).");

        api.MapPost("/catalog/{catalogId:long}/import", async (long catalogId, CatalogImportRequest? body, Access access, CompetencesDbContext db, SettingsStore settings, CancellationToken ct) =>
        {
            var entry = await db.Catalog.AsNoTracking().FirstOrDefaultAsync(c => c.Id == catalogId, ct);
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

    private static IResult NotFound(long id) => Problems.NotFound($"Le référentiel partagé n° {id} n'existe pas dans la banque académique.");

    private static List<DomainDto> Tree(CatalogReferential entry) =>
        JsonSerializer.Deserialize<List<DomainDto>>(entry.Tree, JsonSerializerOptions.Web) ?? [];

    private static CatalogSummary ToSummary(CatalogReferential c, bool latest) => new(c.Id, c.AuthorEstablishmentId, c.SourceReferentialId, c.Version, latest,
        c.SubjectCode, c.SubjectName, c.LevelCode, c.LevelName, c.Description, c.Method, c.Limit, c.Retroactivity, c.SynthesisMode, c.ItemCount, c.PublishedAt);
}
