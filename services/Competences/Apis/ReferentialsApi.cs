using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Application;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Apis;

public sealed record SocleDto(int Cycle, string Component);

public sealed record ItemDto(long? Id, string? Ref, string Name, string? Abbrev, int? Coef, bool? Cart, string? Link, string? Comment, IReadOnlyList<SocleDto>? Socle);

public sealed record ThemeDto(long? Id, string? Ref, string Name, IReadOnlyList<ItemDto>? Items);

public sealed record DomainDto(long? Id, string Code, string? Ref, string Name, IReadOnlyList<ThemeDto>? Themes);

/// <summary>Body of POST (create) and PUT (replace the tree; nodes with an id are kept, moved or renamed).</summary>
/// <remarks><c>SynthesisMode</c>: "domaine" (default), "theme" or "aucun" — how syntheses aggregate the items.</remarks>
public sealed record ReferentialRequest(string SubjectCode, string LevelCode, string? Method, int? Limit, string? Retroactivity, IReadOnlyList<DomainDto>? Domains, string? SynthesisMode = null);

public sealed record ItemResponse(long Id, int Order, string DisplayRef, string Ref, string Name, string Abbrev, int Coef, bool Cart, string? Link, string? Comment, IReadOnlyList<SocleDto> Socle);

public sealed record ThemeResponse(long Id, int Order, string Ref, string Name, IReadOnlyList<ItemResponse> Items);

public sealed record DomainResponse(long Id, int Order, string Code, string Ref, string Name, IReadOnlyList<ThemeResponse> Themes);

public sealed record ReferentialResponse(long Id, string SubjectCode, string LevelCode, string Method, int Limit, string Retroactivity, DateTimeOffset UpdatedAt, IReadOnlyList<DomainResponse> Domains, string SynthesisMode = "domaine");

public sealed record ReferentialSummary(long Id, string SubjectCode, string LevelCode, string Method, int Limit, string Retroactivity, int ItemCount, DateTimeOffset UpdatedAt, string SynthesisMode = "domaine");

public static class ReferentialsApi
{
    public static RouteGroupBuilder MapReferentialsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/referentials");

        group.MapGet("/", async (string? subject, string? level, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (!access.IsStaff)
            {
                return Problems.Forbidden("Les référentiels sont réservés aux personnels de l'établissement.");
            }
            var query = db.Referentials.AsNoTracking();
            if (!string.IsNullOrEmpty(subject))
            {
                query = query.Where(r => r.SubjectCode == subject);
            }
            if (!string.IsNullOrEmpty(level))
            {
                query = query.Where(r => r.LevelCode == level);
            }
            var list = await query.OrderBy(r => r.SubjectCode).ThenBy(r => r.LevelCode)
                .Select(r => new ReferentialSummary(r.Id, r.SubjectCode, r.LevelCode, r.Method, r.Limit, r.Retroactivity,
                    db.Items.Count(i => i.ReferentialId == r.Id), r.UpdatedAt, r.SynthesisMode))
                .ToListAsync(ct);
            return TypedResults.Ok(list);
        });

        group.MapGet("/{id:long}", async (long id, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (!access.IsStaff)
            {
                return Problems.Forbidden("Les référentiels sont réservés aux personnels de l'établissement.");
            }
            var response = await LoadAsync(db, id, ct);
            return response is null ? NotFound(id) : TypedResults.Ok(response);
        });

        group.MapPost("/", async (ReferentialRequest? body, Access access, CompetencesDbContext db, SettingsStore settings, CancellationToken ct) =>
        {
            if (body is null)
            {
                return Problems.Validation("Le corps de la requête est vide.");
            }
            return await CreateAsync(body, access, db, settings, ct);
        });

        group.MapPut("/{id:long}", async (long id, bool? confirm, ReferentialRequest? body, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (body is null)
            {
                return Problems.Validation("Le corps de la requête est vide.");
            }
            var referential = await db.Referentials.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (referential is null)
            {
                return NotFound(id);
            }
            if (!await access.CanEditSubjectAsync(referential.SubjectCode, ct))
            {
                return Problems.Forbidden("Seuls les enseignants de la matière et les administrateurs peuvent modifier ce référentiel.");
            }
            return await UpdateAsync(referential, body, confirm == true, access, db, ct);
        });

        group.MapDelete("/{id:long}", async (long id, bool? confirm, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            var referential = await db.Referentials.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (referential is null)
            {
                return NotFound(id);
            }
            if (!await access.CanEditSubjectAsync(referential.SubjectCode, ct))
            {
                return Problems.Forbidden("Seuls les enseignants de la matière et les administrateurs peuvent supprimer ce référentiel.");
            }
            var entries = await db.Entries.CountAsync(e => db.Items.Any(i => i.ReferentialId == id && i.Id == e.ItemId), ct);
            if (entries > 0 && confirm != true)
            {
                return Problems.ConfirmationRequired(
                    $"Ce référentiel a {entries} saisie(s) d'élèves qui seront supprimées avec lui. Confirmez pour continuer (confirm=true).",
                    new Dictionary<string, object?> { ["entries"] = entries });
            }
            db.Referentials.Remove(referential);
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        });

        group.MapGet("/{id:long}/export.xml", async (long id, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (!access.IsStaff)
            {
                return Problems.Forbidden("Les référentiels sont réservés aux personnels de l'établissement.");
            }
            var response = await LoadAsync(db, id, ct);
            if (response is null)
            {
                return NotFound(id);
            }
            var (tree, _) = ToTree(response.Domains.Select(d => new DomainDto(d.Id, d.Code, d.Ref, d.Name,
                d.Themes.Select(t => new ThemeDto(t.Id, t.Ref, t.Name, t.Items.Select(i => new ItemDto(i.Id, i.Ref, i.Name, i.Abbrev, i.Coef, i.Cart, i.Link, i.Comment, i.Socle)).ToList())).ToList())).ToList());
            using var stream = new MemoryStream();
            ReferentialXml.Write(tree, stream);
            return TypedResults.File(stream.ToArray(), "application/xml", $"referentiel_{response.SubjectCode}_{response.LevelCode}.xml");
        });

        // XML upload: multipart (field "file") or a raw application/xml body; subject and level in the query.
        group.MapPost("/import", async (HttpRequest request, string? subjectCode, string? levelCode, string? method, int? limit, string? retroactivity,
            Access access, CompetencesDbContext db, SettingsStore settings, CancellationToken ct) =>
        {
            Stream stream;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
                if (file is null)
                {
                    return Problems.Validation("Aucun fichier reçu : joignez le fichier XML du référentiel (champ « file »).");
                }
                subjectCode ??= form["subjectCode"];
                levelCode ??= form["levelCode"];
                stream = new MemoryStream();
                await file.CopyToAsync(stream, ct);
            }
            else
            {
                stream = new MemoryStream();
                await request.Body.CopyToAsync(stream, ct);
            }
            stream.Position = 0;
            var read = ReferentialXml.Read(stream);
            await stream.DisposeAsync();
            if (!read.IsSuccess)
            {
                return Problems.Validation(read.Errors);
            }
            var body = new ReferentialRequest(subjectCode ?? "", levelCode ?? "", method, limit, retroactivity, FromTree(read.Tree!));
            return await CreateAsync(body, access, db, settings, ct);
        }).DisableAntiforgery();
        return api;
    }

    private static IResult NotFound(long id) => Problems.NotFound($"Le référentiel n° {id} n'existe pas dans cet établissement.");

    internal static async Task<IResult> CreateAsync(ReferentialRequest body, Access access, CompetencesDbContext db, SettingsStore settings, CancellationToken ct)
    {
        var subjectCode = body.SubjectCode?.Trim() ?? "";
        var levelCode = body.LevelCode?.Trim() ?? "";
        var errors = new List<string>();
        if (!await SubjectsApi.SubjectExistsAsync(db, subjectCode, ct))
        {
            errors.Add($"La matière « {subjectCode} » est inconnue.");
        }
        if (!await db.Levels.AnyAsync(l => l.Code == levelCode, ct))
        {
            errors.Add($"Le niveau « {levelCode} » est inconnu.");
        }
        var defaults = await settings.GetAsync(ct);
        var (method, limit, retro) = Scoring(body, defaults.DefaultMethod, defaults.DefaultLimit, defaults.DefaultRetroactivity, errors);
        var synthesis = Synthesis(body.SynthesisMode, SynthesisModes.Default.ToReferenceString(), errors);
        var (tree, treeErrors) = ToTree(body.Domains ?? []);
        errors.AddRange(treeErrors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (!await access.CanEditSubjectAsync(subjectCode, ct))
        {
            return Problems.Forbidden("Seuls les enseignants de la matière et les administrateurs peuvent créer un référentiel pour cette matière.");
        }
        if (await db.Referentials.AnyAsync(r => r.SubjectCode == subjectCode && r.LevelCode == levelCode, ct))
        {
            return Problems.Conflict("referentiel-existant", $"Un référentiel existe déjà pour la matière « {subjectCode} » et le niveau « {levelCode} » : modifiez-le ou supprimez-le.");
        }
        int b = access.EstablishmentId;
        var ids = new Queue<long>(await db.NextIdsAsync(1 + CountNodes(body.Domains ?? []), ct));
        var referential = new Referential
        {
            EstablishmentId = b, Id = ids.Dequeue(), SubjectCode = subjectCode, LevelCode = levelCode, Method = method, Limit = limit,
            Retroactivity = retro, SynthesisMode = synthesis, CreatedBy = access.UserId, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Referentials.Add(referential);
        AddTree(db, b, referential.Id, body.Domains ?? [], tree, ids, existing: null);
        await db.SaveChangesAsync(ct);
        var response = await LoadAsync(db, referential.Id, ct);
        return TypedResults.Created($"/api/competences/referentials/{referential.Id}", response);
    }

    private static async Task<IResult> UpdateAsync(Referential referential, ReferentialRequest body, bool confirm, Access access, CompetencesDbContext db, CancellationToken ct)
    {
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(body.SubjectCode) && body.SubjectCode != referential.SubjectCode
            || !string.IsNullOrEmpty(body.LevelCode) && body.LevelCode != referential.LevelCode)
        {
            errors.Add("La matière et le niveau d'un référentiel ne peuvent pas être modifiés.");
        }
        var (method, limit, retro) = Scoring(body, referential.Method, referential.Limit, referential.Retroactivity, errors);
        var synthesis = Synthesis(body.SynthesisMode, referential.SynthesisMode, errors);
        var domains = body.Domains ?? [];
        var (tree, treeErrors) = ToTree(domains);
        errors.AddRange(treeErrors);

        long id = referential.Id;
        var existing = new ExistingNodes(
            await db.Domains.Where(d => d.ReferentialId == id).ToDictionaryAsync(d => d.Id, ct),
            await db.Themes.Where(t => t.ReferentialId == id).ToDictionaryAsync(t => t.Id, ct),
            await db.Items.Where(i => i.ReferentialId == id).ToDictionaryAsync(i => i.Id, ct));
        var seen = new HashSet<long>();
        foreach (var d in domains)
        {
            CheckId(d.Id, existing.Domains.ContainsKey, "domaine", seen, errors);
            foreach (var t in d.Themes ?? [])
            {
                CheckId(t.Id, existing.Themes.ContainsKey, "thème", seen, errors);
                foreach (var i in t.Items ?? [])
                {
                    CheckId(i.Id, existing.Items.ContainsKey, "item", seen, errors);
                }
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var removedItems = existing.Items.Keys.Where(k => !seen.Contains(k)).ToList();
        if (removedItems.Count > 0 && !confirm)
        {
            var withEntries = await db.Entries.Where(e => removedItems.Contains(e.ItemId))
                .GroupBy(e => e.ItemId).Select(g => new { ItemId = g.Key, Count = g.Count() }).ToListAsync(ct);
            if (withEntries.Count > 0)
            {
                int total = withEntries.Sum(w => w.Count);
                return Problems.ConfirmationRequired(
                    $"{withEntries.Count} item(s) supprimé(s) ont des saisies d'élèves ({total} au total), qui seront supprimées aussi. Confirmez pour continuer (confirm=true).",
                    new Dictionary<string, object?> { ["items"] = withEntries.Select(w => new { itemId = w.ItemId, entries = w.Count }).ToList() });
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = new Queue<long>(await db.NextIdsAsync(CountNewNodes(domains), ct));
        referential.Method = method;
        referential.Limit = limit;
        referential.Retroactivity = retro;
        referential.SynthesisMode = synthesis;
        referential.UpdatedAt = DateTimeOffset.UtcNow;
        AddTree(db, referential.EstablishmentId, id, domains, tree, ids, existing);
        // Removed nodes: items first (entries and evaluation links cascade), then themes, then domains.
        db.Items.RemoveRange(existing.Items.Values.Where(i => !seen.Contains(i.Id)));
        await db.SaveChangesAsync(ct);
        db.Themes.RemoveRange(existing.Themes.Values.Where(t => !seen.Contains(t.Id)));
        await db.SaveChangesAsync(ct);
        db.Domains.RemoveRange(existing.Domains.Values.Where(d => !seen.Contains(d.Id)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await LoadAsync(db, id, ct));
    }

    private static void CheckId(long? id, Func<long, bool> exists, string what, HashSet<long> seen, List<string> errors)
    {
        if (id is not { } value)
        {
            return;
        }
        if (!exists(value))
        {
            errors.Add($"Le {what} n° {value} n'appartient pas à ce référentiel.");
        }
        else if (!seen.Add(value))
        {
            errors.Add($"Le {what} n° {value} apparaît plusieurs fois.");
        }
    }

    private sealed record ExistingNodes(
        Dictionary<long, ReferentialDomainRow> Domains,
        Dictionary<long, ReferentialThemeRow> Themes,
        Dictionary<long, ReferentialItemRow> Items);

    private static (string Method, int Limit, string Retro) Scoring(ReferentialRequest body, string method, int limit, string retro, List<string> errors)
    {
        var m = body.Method ?? method;
        var r = body.Retroactivity ?? retro;
        if (!ScoringMethods.TryParse(m, out var parsed))
        {
            errors.Add($"Méthode de calcul « {m} » inconnue.");
        }
        if (!Retroactivities.TryParse(r, out var parsedRetro))
        {
            errors.Add($"Rétroactivité « {r} » inconnue (non, oui ou annuel).");
        }
        var l = body.Limit ?? (parsed.IsLimitAllowed(limit) ? limit : parsed.AllowedLimits().Contains(ScoringMethods.DefaultLimit) ? ScoringMethods.DefaultLimit : parsed.AllowedLimits()[0]);
        if (ScoringMethods.ValidateLimit(parsed, l) is { } error)
        {
            errors.Add(error);
        }
        return (parsed.ToReferenceString(), l, parsedRetro.ToReferenceString());
    }

    private static string Synthesis(string? requested, string current, List<string> errors)
    {
        if (requested is null)
        {
            return current;
        }
        if (!SynthesisModes.TryParse(requested, out var mode))
        {
            errors.Add($"Mode de synthèse « {requested} » inconnu (domaine, theme ou aucun).");
        }
        return mode.ToReferenceString();
    }

    private static int CountNodes(IReadOnlyList<DomainDto> domains) =>
        domains.Sum(d => 1 + (d.Themes ?? []).Sum(t => 1 + (t.Items?.Count ?? 0)));

    private static int CountNewNodes(IReadOnlyList<DomainDto> domains) =>
        domains.Sum(d => (d.Id is null ? 1 : 0) + (d.Themes ?? []).Sum(t => (t.Id is null ? 1 : 0) + (t.Items ?? []).Count(i => i.Id is null)));

    /// <summary>Adds new nodes and updates existing ones (orders = positions) from the request, already validated as <paramref name="tree"/>.</summary>
    private static void AddTree(CompetencesDbContext db, int b, long referentialId, IReadOnlyList<DomainDto> domains, ReferentialTree tree, Queue<long> ids, ExistingNodes? existing)
    {
        for (int d = 0; d < domains.Count; d++)
        {
            var dd = tree.Domains[d];
            ReferentialDomainRow domain;
            if (domains[d].Id is { } domainId && existing is not null)
            {
                domain = existing.Domains[domainId];
            }
            else
            {
                domain = new ReferentialDomainRow { EstablishmentId = b, Id = ids.Dequeue(), ReferentialId = referentialId };
                db.Domains.Add(domain);
            }
            domain.Order = d + 1;
            domain.Code = dd.Code.ToString();
            domain.Ref = dd.Ref;
            domain.Name = dd.Name;
            var themes = domains[d].Themes ?? [];
            for (int t = 0; t < themes.Count; t++)
            {
                var td = dd.Themes[t];
                ReferentialThemeRow theme;
                if (themes[t].Id is { } themeId && existing is not null)
                {
                    theme = existing.Themes[themeId];
                }
                else
                {
                    theme = new ReferentialThemeRow { EstablishmentId = b, Id = ids.Dequeue(), ReferentialId = referentialId };
                    db.Themes.Add(theme);
                }
                theme.DomainId = domain.Id;
                theme.Order = t + 1;
                theme.Ref = td.Ref;
                theme.Name = td.Name;
                var items = themes[t].Items ?? [];
                for (int i = 0; i < items.Count; i++)
                {
                    var id = td.Items[i];
                    ReferentialItemRow item;
                    if (items[i].Id is { } itemId && existing is not null)
                    {
                        item = existing.Items[itemId];
                    }
                    else
                    {
                        item = new ReferentialItemRow { EstablishmentId = b, Id = ids.Dequeue(), ReferentialId = referentialId };
                        db.Items.Add(item);
                    }
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

    /// <summary>Request → domain tree (validated by the domain's rules), with French errors.</summary>
    internal static (ReferentialTree Tree, List<string> Errors) ToTree(IReadOnlyList<DomainDto> domains)
    {
        var errors = new List<string>();
        var list = new List<ReferentialDomain>(domains.Count);
        for (int d = 0; d < domains.Count; d++)
        {
            var dto = domains[d];
            var code = dto.Code?.Trim() ?? "";
            if (code.Length != 1)
            {
                errors.Add($"domaine n° {d + 1} : code « {code} » invalide (un seul caractère, lettre ou chiffre).");
            }
            var themes = new List<ReferentialTheme>();
            var themeDtos = dto.Themes ?? [];
            for (int t = 0; t < themeDtos.Count; t++)
            {
                var items = new List<ReferentialItem>();
                var itemDtos = themeDtos[t].Items ?? [];
                for (int i = 0; i < itemDtos.Count; i++)
                {
                    var it = itemDtos[i];
                    var links = new List<CommonCoreLink>();
                    foreach (var s in it.Socle ?? [])
                    {
                        if (!CommonCore.TryParse(s.Component, out var component))
                        {
                            errors.Add($"item n° {i + 1} du thème « {themeDtos[t].Name} » : composante du socle « {s.Component} » inconnue.");
                            continue;
                        }
                        links.Add(new CommonCoreLink(s.Cycle, component));
                    }
                    items.Add(new ReferentialItem(i + 1, it.Ref?.Trim() ?? "", it.Name?.Trim() ?? "")
                    {
                        Abbreviation = it.Abbrev?.Trim() ?? "",
                        Coefficient = it.Coef ?? 1,
                        Cart = it.Cart ?? true,
                        Link = string.IsNullOrWhiteSpace(it.Link) ? null : it.Link.Trim(),
                        Comment = string.IsNullOrWhiteSpace(it.Comment) ? null : it.Comment,
                        CommonCoreLinks = links,
                    });
                }
                themes.Add(new ReferentialTheme(t + 1, themeDtos[t].Ref?.Trim() ?? "", themeDtos[t].Name?.Trim() ?? "", items));
            }
            list.Add(new ReferentialDomain(d + 1, code.Length == 1 ? code[0] : 'A', dto.Ref?.Trim() ?? "", dto.Name?.Trim() ?? "", themes));
        }
        var tree = new ReferentialTree(list);
        errors.AddRange(tree.Validate());
        return (tree, errors);
    }

    internal static List<DomainDto> FromTree(ReferentialTree tree) =>
        [.. tree.Domains.Select(d => new DomainDto(null, d.Code.ToString(), d.Ref, d.Name,
            [.. d.Themes.Select(t => new ThemeDto(null, t.Ref, t.Name,
                [.. t.Items.Select(i => new ItemDto(null, i.Ref, i.Name, i.Abbreviation, i.Coefficient, i.Cart, i.Link, i.Comment,
                    [.. i.CommonCoreLinks.Select(l => new SocleDto(l.Cycle, l.Component.Code()))]))]))]))];

    /// <summary>The referential with its tree in order, or null. Three small queries (domains, themes, items).</summary>
    internal static async Task<ReferentialResponse?> LoadAsync(CompetencesDbContext db, long id, CancellationToken ct)
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

    private static SocleDto ParseSocle(string s)
    {
        var colon = s.IndexOf(':', StringComparison.Ordinal);
        return new SocleDto(int.Parse(s.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture), s[(colon + 1)..]);
    }
}
