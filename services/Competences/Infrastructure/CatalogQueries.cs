using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sacoche.Common.Results;

namespace Sacoche.Competences.Infrastructure;

/// <summary>Filters of the catalog listing (null = any).</summary>
public sealed record CatalogFilter(string? SubjectCode, string? LevelCode, bool AllVersions);

/// <summary>
/// A catalog row as the listing returns it: without the tree, with whether it is its publication's newest
/// version and who published that newest version (never shown; decides who may withdraw).
/// </summary>
public sealed record CatalogRow(long Id, int AuthorEstablishmentId, long SourceReferentialId, int Version, bool Latest, string SubjectCode, string SubjectName,
    string LevelCode, string LevelName, string Description, string Method, int Limit, string Retroactivity, string SynthesisMode, int ItemCount,
    DateTimeOffset PublishedAt, Guid? LatestPublishedBy);

/// <summary>The newest version of a publication (one establishment's referential).</summary>
public sealed record CatalogHead(int Version, Guid? PublishedBy);

/// <summary>
/// The catalog's queries. A publication is the series of versions one establishment published from one of
/// its referentials (author_establishment_id, source_referential_id); withdrawn rows stay in the table but
/// are never listed, previewed nor imported. Everything is decided in SQL, before any LIMIT.
/// </summary>
public static class CatalogQueries
{
    /// <summary>Rows still in the catalog.</summary>
    public static IQueryable<CatalogReferential> Visible(CompetencesDbContext db) => db.Catalog.Where(c => c.WithdrawnAt == null);

    /// <summary>
    /// One page of the listing, newest publication first, and the number of rows over all pages. Unless
    /// <see cref="CatalogFilter.AllVersions"/>, only the newest version of each publication (a NOT EXISTS on the
    /// unique (author, source, version) index): one establishment publishing a thousand versions takes one row.
    /// "Newest" counts withdrawn versions too, so a withdrawn version never lets an older one resurface.
    /// </summary>
    public static async Task<(List<CatalogRow> Rows, int Total)> PageAsync(CompetencesDbContext db, CatalogFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = Visible(db).AsNoTracking();
        if (filter.SubjectCode is { Length: > 0 } subject)
        {
            query = query.Where(c => c.SubjectCode == subject);
        }
        if (filter.LevelCode is { Length: > 0 } level)
        {
            query = query.Where(c => c.LevelCode == level);
        }
        if (!filter.AllVersions)
        {
            query = query.Where(c => !db.Catalog.Any(o => o.AuthorEstablishmentId == c.AuthorEstablishmentId && o.SourceReferentialId == c.SourceReferentialId && o.Version > c.Version));
        }
        int total = await query.CountAsync(ct);
        if ((long)(page.Page - 1) * page.PageSize >= total)
        {
            return ([], total);
        }
        var rows = await query.OrderByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id)
            .Skip(page.Skip).Take(page.PageSize)
            .Select(c => new CatalogRow(c.Id, c.AuthorEstablishmentId, c.SourceReferentialId, c.Version,
                !db.Catalog.Any(o => o.AuthorEstablishmentId == c.AuthorEstablishmentId && o.SourceReferentialId == c.SourceReferentialId && o.Version > c.Version),
                c.SubjectCode, c.SubjectName, c.LevelCode, c.LevelName, c.Description, c.Method, c.Limit, c.Retroactivity, c.SynthesisMode, c.ItemCount, c.PublishedAt,
                db.Catalog.Where(o => o.AuthorEstablishmentId == c.AuthorEstablishmentId && o.SourceReferentialId == c.SourceReferentialId)
                    .OrderByDescending(o => o.Version).Select(o => o.PublishedBy).FirstOrDefault()))
            .ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>A row still in the catalog, or null.</summary>
    public static Task<CatalogReferential?> FindVisibleAsync(CompetencesDbContext db, long id, CancellationToken ct) =>
        Visible(db).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>The number the next version of the establishment's referential takes (1 for a first publication).</summary>
    public static async Task<int> NextVersionAsync(CompetencesDbContext db, int authorEstablishmentId, long sourceReferentialId, CancellationToken ct) =>
        1 + (await db.Catalog.Where(c => c.AuthorEstablishmentId == authorEstablishmentId && c.SourceReferentialId == sourceReferentialId)
            .MaxAsync(c => (int?)c.Version, ct) ?? 0);

    /// <summary>Stores a publication; false when the same version was stored meanwhile (unique index).</summary>
    public static async Task<bool> TryAddAsync(CompetencesDbContext db, CatalogReferential entry, CancellationToken ct)
    {
        db.Catalog.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return false;
        }
    }

    /// <summary>The newest version (withdrawn or not) of the publication <paramref name="entry"/> belongs to.</summary>
    public static Task<CatalogHead> HeadAsync(CompetencesDbContext db, CatalogReferential entry, CancellationToken ct) =>
        db.Catalog.AsNoTracking().Where(o => o.AuthorEstablishmentId == entry.AuthorEstablishmentId && o.SourceReferentialId == entry.SourceReferentialId)
            .OrderByDescending(o => o.Version).Select(o => new CatalogHead(o.Version, o.PublishedBy)).FirstAsync(ct);

    /// <summary>
    /// Serializes the publications of one user (transaction-scoped advisory lock), so that two concurrent
    /// publications on two instances cannot both pass the rate check.
    /// </summary>
    public static Task LockPublisherAsync(CompetencesDbContext db, Guid userId, CancellationToken ct)
    {
        string key = $"catalog-publish:{userId}";
        return db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
    }

    /// <summary>When the user published since <paramref name="since"/> (withdrawn publications included).</summary>
    public static Task<List<DateTimeOffset>> PublicationTimesAsync(CompetencesDbContext db, Guid userId, DateTimeOffset since, CancellationToken ct) =>
        db.Catalog.AsNoTracking().Where(c => c.PublishedBy == userId && c.PublishedAt > since).Select(c => c.PublishedAt).ToListAsync(ct);

    /// <summary>
    /// Withdraws a whole publication: every version up to <paramref name="upToVersion"/> still in the catalog.
    /// A version published after the caller's check (a colleague, concurrently) is left alone.
    /// </summary>
    public static Task<int> WithdrawAsync(CompetencesDbContext db, int authorEstablishmentId, long sourceReferentialId, int upToVersion, string by, DateTimeOffset at, CancellationToken ct) =>
        db.Catalog.Where(c => c.AuthorEstablishmentId == authorEstablishmentId && c.SourceReferentialId == sourceReferentialId
                && c.Version <= upToVersion && c.WithdrawnAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.WithdrawnAt, at).SetProperty(c => c.WithdrawnBy, by), ct);
}
