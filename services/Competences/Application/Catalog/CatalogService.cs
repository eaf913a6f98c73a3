using System.Text.Json;
using Microsoft.Extensions.Options;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Referentials;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Application.Catalog;

/// <summary>
/// The academy catalog of shared referentials. Deliberately cross-tenant: every establishment's staff reads it
/// (and the webmaster, who has no establishment); rows are immutable published snapshots (a new publication of
/// the same referential is a new version) and carry no personal data.
/// A publication (one establishment's referential, all its versions) is withdrawn as a whole, by the author of its
/// latest version or by the webmaster: withdrawing only the newest version would bring an older one, maybe a
/// colleague's, back into the list. Copies already imported by schools are untouched.
/// </summary>
public sealed class CatalogService(CompetencesDbContext db, ReferentialStore referentials, ReferentialService referentialService, Access access,
    IOptions<CatalogOptions> options, TimeProvider clock)
{
    public const int MaxDescriptionLength = 1000;

    /// <summary>Publishes the referential as the next version of its publication, within the user's publication rate.</summary>
    public async Task<Result<CatalogSummary>> PublishAsync(long id, PublishRequest? body, CancellationToken ct)
    {
        var referential = await referentials.LoadAsync(id, ct);
        if (referential is null)
        {
            return Error.NotFound($"Le référentiel n° {id} n'existe pas dans cet établissement.");
        }
        if (!await access.CanEditSubjectAsync(referential.SubjectCode, ct))
        {
            return Error.Forbidden("Seuls les enseignants de la matière et les administrateurs peuvent publier ce référentiel.");
        }
        var description = body?.Description?.Trim() ?? "";
        if (description.Length == 0)
        {
            return Error.Invalid("description", "Décrivez le référentiel (niveau, contenu, usage) pour les collègues de l'académie.");
        }
        if (description.Length > MaxDescriptionLength)
        {
            return Error.Invalid("description", $"La description est trop longue ({MaxDescriptionLength} caractères au plus).");
        }
        var domains = ReferentialTrees.Copy(referential);
        int establishment = access.EstablishmentId;
        var subjectName = await SubjectQueries.SubjectNameAsync(db, referential.SubjectCode, ct);
        var levelName = await SubjectQueries.LevelNameAsync(db, referential.LevelCode, ct);

        // The rate is counted from the stored publications, under a per-user lock: exact across instances and restarts.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await CatalogQueries.LockPublisherAsync(db, access.UserId, ct);
        var now = clock.GetUtcNow();
        var recent = await CatalogQueries.PublicationTimesAsync(db, access.UserId, now - PublicationRate.Day, ct);
        if (PublicationRate.WaitBeforeNext(recent, now, options.Value) is { } wait)
        {
            return TooManyPublications(wait);
        }
        var entry = new CatalogReferential
        {
            AuthorEstablishmentId = establishment,
            SourceReferentialId = id,
            Version = await CatalogQueries.NextVersionAsync(db, establishment, id, ct),
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
        if (!await CatalogQueries.TryAddAsync(db, entry, ct))
        {
            return Error.Of(ErrorCodes.ConcurrentPublication, "Une autre publication de ce référentiel vient d'avoir lieu : réessayez.");
        }
        await tx.CommitAsync(ct);
        return ToSummary(entry, latest: true, canWithdraw: true);
    }

    /// <summary>Newest publications first; the newest version of each, or every version.</summary>
    public async Task<Result<PagedList<CatalogSummary>>> ListAsync(CatalogQuery query, CancellationToken ct)
    {
        var page = PageRequest.Of(query.Page, query.PageSize);
        var filter = new CatalogFilter(query.Subject?.Trim(), query.Level?.Trim(), query.AllVersions == true);
        var (rows, total) = await CatalogQueries.PageAsync(db, filter, page, ct);
        var items = rows.Select(r => new CatalogSummary(r.Id, r.AuthorEstablishmentId, r.SourceReferentialId, r.Version, r.Latest, r.SubjectCode, r.SubjectName,
            r.LevelCode, r.LevelName, r.Description, r.Method, r.Limit, r.Retroactivity, r.SynthesisMode, r.ItemCount, r.PublishedAt,
            CanWithdraw(r.AuthorEstablishmentId, r.LatestPublishedBy))).ToList();
        return new PagedList<CatalogSummary>(items, page.Page, page.PageSize, total);
    }

    public async Task<Result<CatalogDetail>> GetAsync(long catalogId, CancellationToken ct)
    {
        if (await CatalogQueries.FindVisibleAsync(db, catalogId, ct) is not { } entry)
        {
            return NotFound(catalogId);
        }
        var head = await CatalogQueries.HeadAsync(db, entry, ct);
        return new CatalogDetail(ToSummary(entry, head.Version == entry.Version, CanWithdraw(entry.AuthorEstablishmentId, head.PublishedBy)), Tree(entry));
    }

    /// <summary>Withdraws the whole publication the entry belongs to (author of its latest version, or the webmaster).</summary>
    public async Task<Result> WithdrawAsync(long catalogId, CancellationToken ct)
    {
        if (await CatalogQueries.FindVisibleAsync(db, catalogId, ct) is not { } entry)
        {
            return NotFound(catalogId);
        }
        var head = await CatalogQueries.HeadAsync(db, entry, ct);
        if (!CanWithdraw(entry.AuthorEstablishmentId, head.PublishedBy))
        {
            return Error.Forbidden("Seul l'auteur de la dernière version de ce référentiel partagé, ou le webmestre, peut le retirer de la banque académique.");
        }
        string by = access.IsWebmaster ? "webmestre" : access.UserId.ToString();
        await CatalogQueries.WithdrawAsync(db, entry.AuthorEstablishmentId, entry.SourceReferentialId, head.Version, by, clock.GetUtcNow(), ct);
        return Result.Success;
    }

    /// <summary>A copy in the caller's establishment, under the same or another subject/level; nothing links it back.</summary>
    public async Task<Result<ReferentialResponse>> ImportAsync(long catalogId, CatalogImportRequest? body, CancellationToken ct)
    {
        if (await CatalogQueries.FindVisibleAsync(db, catalogId, ct) is not { } entry)
        {
            return NotFound(catalogId);
        }
        var request = new ReferentialRequest(
            string.IsNullOrWhiteSpace(body?.SubjectCode) ? entry.SubjectCode : body.SubjectCode.Trim(),
            string.IsNullOrWhiteSpace(body?.LevelCode) ? entry.LevelCode : body.LevelCode.Trim(),
            entry.Method, entry.Limit, entry.Retroactivity, Tree(entry), entry.SynthesisMode);
        return await referentialService.CreateAsync(request, ct);
    }

    private static Error NotFound(long id) => Error.NotFound($"Le référentiel partagé n° {id} n'existe pas dans la banque académique (ou il en a été retiré).");

    /// <summary>The webmaster, or the author of the publication's latest version (same establishment, same user).</summary>
    private bool CanWithdraw(int authorEstablishment, Guid? latestPublishedBy) =>
        access.IsWebmaster || (access.IsEstablishmentStaff && authorEstablishment == access.EstablishmentId && latestPublishedBy is { } by && by == access.UserId);

    private Error TooManyPublications(TimeSpan wait)
    {
        int seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var limits = options.Value;
        return Error.Of(ErrorCodes.TooManyRequests,
            $"Vous avez publié trop de référentiels récemment (au plus {limits.PublicationsPerHour} par heure et {limits.PublicationsPerDay} sur 24 heures) : "
            + $"réessayez dans {PublicationRate.French(wait)}.",
            new Dictionary<string, object?> { [Problems.RetryAfterSeconds] = seconds });
    }

    private static List<DomainDto> Tree(CatalogReferential entry) =>
        JsonSerializer.Deserialize<List<DomainDto>>(entry.Tree, JsonSerializerOptions.Web) ?? [];

    private static CatalogSummary ToSummary(CatalogReferential c, bool latest, bool canWithdraw) => new(c.Id, c.AuthorEstablishmentId, c.SourceReferentialId, c.Version, latest,
        c.SubjectCode, c.SubjectName, c.LevelCode, c.LevelName, c.Description, c.Method, c.Limit, c.Retroactivity, c.SynthesisMode, c.ItemCount, c.PublishedAt, canWithdraw);
}
