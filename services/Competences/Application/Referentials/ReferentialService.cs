using Sacoche.Common.Results;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Referentials;

/// <summary>
/// The establishment's referentials (subject × level trees). Reading is for staff (endpoint rule); creating,
/// changing and deleting for administrators and the subject's teachers (<see cref="Access.CanEditSubjectAsync"/>).
/// The catalog's import creates through <see cref="CreateAsync"/> too.
/// </summary>
public sealed class ReferentialService(ReferentialStore store, CompetencesDbContext db, Access access, SettingsStore settings, TimeProvider clock)
{
    public async Task<Result<List<ReferentialSummary>>> ListAsync(string? subject, string? level, CancellationToken ct) =>
        await store.ListAsync(subject, level, ct);

    public async Task<Result<ReferentialResponse>> GetAsync(long id, CancellationToken ct) =>
        await store.LoadAsync(id, ct) is { } referential ? referential : NotFound(id);

    public async Task<Result<ReferentialResponse>> CreateAsync(ReferentialRequest? body, CancellationToken ct)
    {
        if (body is null)
        {
            return EmptyBody();
        }
        var subjectCode = body.SubjectCode?.Trim() ?? "";
        var levelCode = body.LevelCode?.Trim() ?? "";
        var errors = new FieldErrors();
        if (!await SubjectQueries.SubjectExistsAsync(db, subjectCode, ct))
        {
            errors.Add("subjectCode", $"La matière « {subjectCode} » est inconnue.");
        }
        if (!await store.LevelExistsAsync(levelCode, ct))
        {
            errors.Add("levelCode", $"Le niveau « {levelCode} » est inconnu.");
        }
        var defaults = await settings.GetAsync(ct);
        var (method, limit, retro) = Scoring(body, defaults.DefaultMethod, defaults.DefaultLimit, defaults.DefaultRetroactivity, errors);
        var synthesis = Synthesis(body.SynthesisMode, SynthesisModes.Default.ToReferenceString(), errors);
        var domains = body.Domains ?? [];
        var (tree, treeErrors) = ReferentialTrees.ToTree(domains);
        errors.AddRange("domains", treeErrors);
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (!await access.CanEditSubjectAsync(subjectCode, ct))
        {
            return Error.Forbidden("Seuls les enseignants de la matière et les administrateurs peuvent créer un référentiel pour cette matière.");
        }
        if (await store.ExistsAsync(subjectCode, levelCode, ct))
        {
            return Error.Of(ErrorCodes.ReferentialExists,
                $"Un référentiel existe déjà pour la matière « {subjectCode} » et le niveau « {levelCode} » : modifiez-le ou supprimez-le.");
        }
        var referential = new Referential
        {
            EstablishmentId = access.EstablishmentId,
            SubjectCode = subjectCode,
            LevelCode = levelCode,
            Method = method,
            Limit = limit,
            Retroactivity = retro,
            SynthesisMode = synthesis,
            CreatedBy = access.UserId,
            UpdatedAt = clock.GetUtcNow(),
        };
        long id = await store.AddAsync(referential, domains, tree, ct);
        return (await store.LoadAsync(id, ct))!;
    }

    /// <summary>Replaces the tree; removing items that have entries needs <paramref name="confirm"/>.</summary>
    public async Task<Result<ReferentialResponse>> UpdateAsync(long id, ReferentialRequest? body, bool confirm, CancellationToken ct)
    {
        if (body is null)
        {
            return EmptyBody();
        }
        var referential = await store.FindAsync(id, ct);
        if (referential is null)
        {
            return NotFound(id);
        }
        if (!await access.CanEditSubjectAsync(referential.SubjectCode, ct))
        {
            return Error.Forbidden("Seuls les enseignants de la matière et les administrateurs peuvent modifier ce référentiel.");
        }
        var errors = new FieldErrors();
        if (!string.IsNullOrEmpty(body.SubjectCode) && body.SubjectCode != referential.SubjectCode
            || !string.IsNullOrEmpty(body.LevelCode) && body.LevelCode != referential.LevelCode)
        {
            errors.Add("", "La matière et le niveau d'un référentiel ne peuvent pas être modifiés.");
        }
        var (method, limit, retro) = Scoring(body, referential.Method, referential.Limit, referential.Retroactivity, errors);
        var synthesis = Synthesis(body.SynthesisMode, referential.SynthesisMode, errors);
        var domains = body.Domains ?? [];
        var (tree, treeErrors) = ReferentialTrees.ToTree(domains);
        errors.AddRange("domains", treeErrors);

        var existing = await store.ExistingNodesAsync(id, ct);
        var kept = new HashSet<long>();
        foreach (var d in domains)
        {
            CheckId(d.Id, existing.Domains.ContainsKey, "domaine", kept, errors);
            foreach (var t in d.Themes ?? [])
            {
                CheckId(t.Id, existing.Themes.ContainsKey, "thème", kept, errors);
                foreach (var i in t.Items ?? [])
                {
                    CheckId(i.Id, existing.Items.ContainsKey, "item", kept, errors);
                }
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var removedItems = existing.Items.Keys.Where(k => !kept.Contains(k)).ToList();
        if (removedItems.Count > 0 && !confirm)
        {
            var withEntries = await store.EntriesOfItemsAsync(removedItems, ct);
            if (withEntries.Count > 0)
            {
                int total = withEntries.Sum(w => w.Entries);
                return Error.Of(ErrorCodes.ConfirmationRequired,
                    $"{withEntries.Count} item(s) supprimé(s) ont des saisies d'élèves ({total} au total), qui seront supprimées aussi. Confirmez pour continuer (confirm=true).",
                    new Dictionary<string, object?> { ["items"] = withEntries });
            }
        }

        referential.Method = method;
        referential.Limit = limit;
        referential.Retroactivity = retro;
        referential.SynthesisMode = synthesis;
        referential.UpdatedAt = clock.GetUtcNow();
        await store.ReplaceTreeAsync(referential, domains, tree, existing, kept, ct);
        return (await store.LoadAsync(id, ct))!;
    }

    /// <summary>Deletes the referential; when students have entries on it, only with <paramref name="confirm"/>.</summary>
    public async Task<Result> DeleteAsync(long id, bool confirm, CancellationToken ct)
    {
        var referential = await store.FindAsync(id, ct);
        if (referential is null)
        {
            return NotFound(id);
        }
        if (!await access.CanEditSubjectAsync(referential.SubjectCode, ct))
        {
            return Error.Forbidden("Seuls les enseignants de la matière et les administrateurs peuvent supprimer ce référentiel.");
        }
        var entries = await store.CountEntriesAsync(id, ct);
        if (entries > 0 && !confirm)
        {
            return Error.Of(ErrorCodes.ConfirmationRequired,
                $"Ce référentiel a {entries} saisie(s) d'élèves qui seront supprimées avec lui. Confirmez pour continuer (confirm=true).",
                new Dictionary<string, object?> { ["entries"] = entries });
        }
        await store.DeleteAsync(referential, ct);
        return Result.Success;
    }

    public async Task<Result<ReferentialFile>> ExportXmlAsync(long id, CancellationToken ct)
    {
        if (await store.LoadAsync(id, ct) is not { } referential)
        {
            return NotFound(id);
        }
        var (tree, _) = ReferentialTrees.ToTree(ReferentialTrees.Copy(referential));
        using var stream = new MemoryStream();
        ReferentialXml.Write(tree, stream);
        return new ReferentialFile(stream.ToArray(), $"referentiel_{referential.SubjectCode}_{referential.LevelCode}.xml");
    }

    /// <summary>Creates a referential from an XML file (SACoche's format).</summary>
    public async Task<Result<ReferentialResponse>> ImportXmlAsync(Stream xml, ReferentialImport import, CancellationToken ct)
    {
        var read = ReferentialXml.Read(xml);
        if (!read.IsSuccess)
        {
            return Error.Invalid(new Dictionary<string, string[]> { ["file"] = [.. read.Errors] });
        }
        var body = new ReferentialRequest(import.SubjectCode ?? "", import.LevelCode ?? "", import.Method, import.Limit, import.Retroactivity,
            ReferentialTrees.FromTree(read.Tree!));
        return await CreateAsync(body, ct);
    }

    private static Error NotFound(long id) => Error.NotFound($"Le référentiel n° {id} n'existe pas dans cet établissement.");

    private static Error EmptyBody() => Error.Invalid("", "Le corps de la requête est vide.");

    private static void CheckId(long? id, Func<long, bool> exists, string what, HashSet<long> seen, FieldErrors errors)
    {
        if (id is not { } value)
        {
            return;
        }
        if (!exists(value))
        {
            errors.Add("domains", $"Le {what} n° {value} n'appartient pas à ce référentiel.");
        }
        else if (!seen.Add(value))
        {
            errors.Add("domains", $"Le {what} n° {value} apparaît plusieurs fois.");
        }
    }

    private static (string Method, int Limit, string Retro) Scoring(ReferentialRequest body, string method, int limit, string retro, FieldErrors errors)
    {
        var m = body.Method ?? method;
        var r = body.Retroactivity ?? retro;
        if (!ScoringMethods.TryParse(m, out var parsed))
        {
            errors.Add("method", $"Méthode de calcul « {m} » inconnue.");
        }
        if (!Retroactivities.TryParse(r, out var parsedRetro))
        {
            errors.Add("retroactivity", $"Rétroactivité « {r} » inconnue (non, oui ou annuel).");
        }
        var l = body.Limit ?? (parsed.IsLimitAllowed(limit) ? limit : parsed.AllowedLimits().Contains(ScoringMethods.DefaultLimit) ? ScoringMethods.DefaultLimit : parsed.AllowedLimits()[0]);
        if (ScoringMethods.ValidateLimit(parsed, l) is { } error)
        {
            errors.Add("limit", error);
        }
        return (parsed.ToReferenceString(), l, parsedRetro.ToReferenceString());
    }

    private static string Synthesis(string? requested, string current, FieldErrors errors)
    {
        if (requested is null)
        {
            return current;
        }
        if (!SynthesisModes.TryParse(requested, out var mode))
        {
            errors.Add("synthesisMode", $"Mode de synthèse « {requested} » inconnu (domaine, theme ou aucun).");
        }
        return mode.ToReferenceString();
    }
}
