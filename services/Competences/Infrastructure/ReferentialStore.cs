using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Application.Referentials;
using Sacoche.Competences.Domain;

namespace Sacoche.Competences.Infrastructure;

/// <summary>The rows of one referential's tree, by id (what an update may keep, move or remove).</summary>
public sealed record ExistingNodes(
    Dictionary<long, ReferentialDomainRow> Domains,
    Dictionary<long, ReferentialThemeRow> Themes,
    Dictionary<long, ReferentialItemRow> Items);

/// <summary>
/// Persistence of referentials and their trees (domains → themes → items), in the caller's establishment
/// (the DbContext's query filter hides the others).
/// </summary>
public sealed class ReferentialStore(CompetencesDbContext db)
{
    public Task<List<ReferentialSummary>> ListAsync(string? subject, string? level, CancellationToken ct)
    {
        var query = db.Referentials.AsNoTracking();
        if (!string.IsNullOrEmpty(subject))
        {
            query = query.Where(r => r.SubjectCode == subject);
        }
        if (!string.IsNullOrEmpty(level))
        {
            query = query.Where(r => r.LevelCode == level);
        }
        return query.OrderBy(r => r.SubjectCode).ThenBy(r => r.LevelCode)
            .Select(r => new ReferentialSummary(r.Id, r.SubjectCode, r.LevelCode, r.Method, r.Limit, r.Retroactivity,
                db.Items.Count(i => i.ReferentialId == r.Id), r.UpdatedAt, r.SynthesisMode))
            .ToListAsync(ct);
    }

    /// <summary>The referential's row, tracked (to update or delete it), or null.</summary>
    public Task<Referential?> FindAsync(long id, CancellationToken ct) => db.Referentials.FirstOrDefaultAsync(r => r.Id == id, ct);

    public Task<bool> ExistsAsync(string subjectCode, string levelCode, CancellationToken ct) =>
        db.Referentials.AnyAsync(r => r.SubjectCode == subjectCode && r.LevelCode == levelCode, ct);

    public Task<bool> LevelExistsAsync(string levelCode, CancellationToken ct) => db.Levels.AnyAsync(l => l.Code == levelCode, ct);

    /// <summary>Students' entries on the referential's items.</summary>
    public Task<int> CountEntriesAsync(long id, CancellationToken ct) =>
        db.Entries.CountAsync(e => db.Items.Any(i => i.ReferentialId == id && i.Id == e.ItemId), ct);

    /// <summary>The items among <paramref name="itemIds"/> that have entries, with their count.</summary>
    public Task<List<ItemEntries>> EntriesOfItemsAsync(IReadOnlyCollection<long> itemIds, CancellationToken ct) =>
        db.Entries.Where(e => itemIds.Contains(e.ItemId)).GroupBy(e => e.ItemId).Select(g => new ItemEntries(g.Key, g.Count())).ToListAsync(ct);

    public async Task<ExistingNodes> ExistingNodesAsync(long id, CancellationToken ct) => new(
        await db.Domains.Where(d => d.ReferentialId == id).ToDictionaryAsync(d => d.Id, ct),
        await db.Themes.Where(t => t.ReferentialId == id).ToDictionaryAsync(t => t.Id, ct),
        await db.Items.Where(i => i.ReferentialId == id).ToDictionaryAsync(i => i.Id, ct));

    /// <summary>Stores a new referential (<paramref name="referential"/> without its id) and its tree, already validated as <paramref name="tree"/>.</summary>
    public async Task<long> AddAsync(Referential referential, IReadOnlyList<DomainDto> domains, ReferentialTree tree, CancellationToken ct)
    {
        var ids = new Queue<long>(await db.NextIdsAsync(1 + CountNodes(domains), ct));
        referential.Id = ids.Dequeue();
        db.Referentials.Add(referential);
        AddTree(referential.EstablishmentId, referential.Id, domains, tree, ids, existing: null);
        await db.SaveChangesAsync(ct);
        return referential.Id;
    }

    /// <summary>
    /// Saves the changed row of <paramref name="referential"/> and replaces its tree: nodes with an id are kept
    /// (renamed, moved), new ones added, the others (not in <paramref name="kept"/>) removed.
    /// </summary>
    public async Task ReplaceTreeAsync(Referential referential, IReadOnlyList<DomainDto> domains, ReferentialTree tree, ExistingNodes existing,
        IReadOnlySet<long> kept, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = new Queue<long>(await db.NextIdsAsync(CountNewNodes(domains), ct));
        AddTree(referential.EstablishmentId, referential.Id, domains, tree, ids, existing);
        // Removed nodes: items first (entries and evaluation links cascade), then themes, then domains.
        db.Items.RemoveRange(existing.Items.Values.Where(i => !kept.Contains(i.Id)));
        await db.SaveChangesAsync(ct);
        db.Themes.RemoveRange(existing.Themes.Values.Where(t => !kept.Contains(t.Id)));
        await db.SaveChangesAsync(ct);
        db.Domains.RemoveRange(existing.Domains.Values.Where(d => !kept.Contains(d.Id)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Deletes the referential; its tree, entries and evaluation links cascade.</summary>
    public async Task DeleteAsync(Referential referential, CancellationToken ct)
    {
        db.Referentials.Remove(referential);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The referential with its tree in order, or null. Three small queries (domains, themes, items).</summary>
    public async Task<ReferentialResponse?> LoadAsync(long id, CancellationToken ct)
    {
        var r = await db.Referentials.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return null;
        }
        var levelRef = await db.Levels.Where(l => l.Code == r.LevelCode).Select(l => l.Ref).FirstOrDefaultAsync(ct) ?? r.LevelCode;
        var domains = await db.Domains.AsNoTracking().Where(d => d.ReferentialId == id).OrderBy(d => d.Order).ToListAsync(ct);
        var themes = await db.Themes.AsNoTracking().Where(t => t.ReferentialId == id).OrderBy(t => t.Order).ToListAsync(ct);
        var items = await db.Items.AsNoTracking().Where(i => i.ReferentialId == id).OrderBy(i => i.Order).ToListAsync(ct);
        var itemsByTheme = items.ToLookup(i => i.ThemeId);
        var themesByDomain = themes.ToLookup(t => t.DomainId);
        return new ReferentialResponse(r.Id, r.SubjectCode, r.LevelCode, r.Method, r.Limit, r.Retroactivity, r.UpdatedAt,
            [.. domains.Select(d => new DomainResponse(d.Id, d.Order, d.Code, d.Ref, d.Name,
                [.. themesByDomain[d.Id].Select(t => new ThemeResponse(t.Id, t.Order, t.Ref, t.Name,
                    [.. itemsByTheme[t.Id].Select(i => new ItemResponse(i.Id, i.Order, $"{levelRef}.{d.Code}{t.Order}{i.Order}", i.Ref, i.Name, i.Abbreviation,
                        i.Coefficient, i.Cart, i.Link, i.Comment, [.. i.Socle.Select(ParseSocle)]))]))]))], r.SynthesisMode);
    }

    private static int CountNodes(IReadOnlyList<DomainDto> domains) =>
        domains.Sum(d => 1 + (d.Themes ?? []).Sum(t => 1 + (t.Items?.Count ?? 0)));

    private static int CountNewNodes(IReadOnlyList<DomainDto> domains) =>
        domains.Sum(d => (d.Id is null ? 1 : 0) + (d.Themes ?? []).Sum(t => (t.Id is null ? 1 : 0) + (t.Items ?? []).Count(i => i.Id is null)));

    /// <summary>The stored row a request node names by id, or a new row added to the context.</summary>
    private T StoredOrNew<T>(long? id, Dictionary<long, T>? stored, Func<T> create) where T : class
    {
        if (id is { } known && stored is not null)
        {
            return stored[known];
        }
        var row = create();
        db.Add(row);
        return row;
    }

    /// <summary>Adds new nodes and updates existing ones (orders = positions) from the request, already validated as <paramref name="tree"/>.</summary>
    private void AddTree(int b, long referentialId, IReadOnlyList<DomainDto> domains, ReferentialTree tree, Queue<long> ids, ExistingNodes? existing)
    {
        for (int d = 0; d < domains.Count; d++)
        {
            var dd = tree.Domains[d];
            var domain = StoredOrNew(domains[d].Id, existing?.Domains,
                () => new ReferentialDomainRow { EstablishmentId = b, Id = ids.Dequeue(), ReferentialId = referentialId });
            domain.Order = d + 1;
            domain.Code = dd.Code.ToString();
            domain.Ref = dd.Ref;
            domain.Name = dd.Name;
            var themes = domains[d].Themes ?? [];
            for (int t = 0; t < themes.Count; t++)
            {
                var td = dd.Themes[t];
                var theme = StoredOrNew(themes[t].Id, existing?.Themes,
                    () => new ReferentialThemeRow { EstablishmentId = b, Id = ids.Dequeue(), ReferentialId = referentialId });
                theme.DomainId = domain.Id;
                theme.Order = t + 1;
                theme.Ref = td.Ref;
                theme.Name = td.Name;
                var items = themes[t].Items ?? [];
                for (int i = 0; i < items.Count; i++)
                {
                    var id = td.Items[i];
                    var item = StoredOrNew(items[i].Id, existing?.Items,
                        () => new ReferentialItemRow { EstablishmentId = b, Id = ids.Dequeue(), ReferentialId = referentialId });
                    item.ThemeId = theme.Id;
                    item.Order = i + 1;
                    item.Ref = id.Ref;
                    item.Name = id.Name;
                    item.Abbreviation = id.Abbreviation;
                    item.Coefficient = id.Coefficient;
                    item.Cart = id.Cart;
                    item.Link = id.Link;
                    item.Comment = id.Comment;
                    item.Socle = [.. id.CommonCoreLinks.Select(l => $"{l.Cycle}:{l.Component.Code()}")];
                }
            }
        }
    }

    private static SocleDto ParseSocle(string s)
    {
        var colon = s.IndexOf(':', StringComparison.Ordinal);
        return new SocleDto(int.Parse(s.AsSpan(0, colon), CultureInfo.InvariantCulture), s[(colon + 1)..]);
    }
}
