using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Evaluations;

/// <summary>Evaluations: list, read, create, update and delete, with the rights of owners and the colleagues they share with.</summary>
public sealed class EvaluationService(CompetencesDbContext db, Access access, EvaluationAccess evaluations, TimeProvider clock)
{
    public const int MaxDescriptionLength = 60;
    public const int MaxItems = 500;
    public const int MaxStudents = 2000;
    private static readonly string[] Rights = ["voir", "saisir", "modifier"];
    private const string EmptyBody = "Le corps de la requête est vide.";

    /// <summary>The caller's evaluations and those shared with them, newest first (or by entry rate, lowest first); <paramref name="done"/> filters on « terminé ».</summary>
    public async Task<Result<List<EvaluationResponse>>> ListAsync(string? sort, bool? done, CancellationToken ct)
    {
        if (sort is not null and not "date" and not "rate")
        {
            return Error.Invalid("sort", $"Tri « {sort} » inconnu (date ou rate).");
        }
        if (evaluations.RequireStaff("Les évaluations sont réservées aux personnels de l'établissement.").Error is { } error)
        {
            return error;
        }
        var me = access.UserId;
        var list = await db.Evaluations.AsNoTracking()
            .Where(e => e.OwnerId == me || db.EvaluationShares.Any(s => s.EvaluationId == e.Id && s.TeacherId == me))
            .Where(e => done == null || e.Done == done)
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).ToListAsync(ct);
        var responses = await ToResponsesAsync(list, ct);
        return sort == "rate"
            ? [.. responses.OrderBy(r => r.ExpectedCells == 0 ? 1.0 : (double)r.EnteredCells / r.ExpectedCells).ThenByDescending(r => r.Date).ThenByDescending(r => r.Id)]
            : responses;
    }

    /// <summary>Sets the « terminé » flag (right « modifier »).</summary>
    public async Task<Result<EvaluationResponse>> SetDoneAsync(long id, EvaluationDoneRequest? body, CancellationToken ct)
    {
        var found = await evaluations.FindAsync(id, EvaluationRight.Modify, ct, tracking: true);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        if (body is null)
        {
            return Error.Invalid("", EmptyBody);
        }
        found.Value.Done = body.Done;
        await db.SaveChangesAsync(ct);
        return (await ToResponsesAsync([found.Value], ct))[0];
    }

    public async Task<Result<EvaluationResponse>> GetAsync(long id, CancellationToken ct)
    {
        var found = await evaluations.FindAsync(id, EvaluationRight.View, ct);
        return found.IsSuccess ? (await ToResponsesAsync([found.Value], ct))[0] : found.Error!;
    }

    public async Task<Result<EvaluationResponse>> CreateAsync(EvaluationRequest? body, CancellationToken ct)
    {
        if (evaluations.RequireStaff("Seuls les personnels de l'établissement peuvent créer une évaluation.").Error is { } forbidden)
        {
            return forbidden;
        }
        if (body is null)
        {
            return Error.Invalid("", EmptyBody);
        }
        if (await ValidateAsync(body, ct) is { } invalid)
        {
            return invalid;
        }
        var evaluation = new Evaluation
        {
            EstablishmentId = access.EstablishmentId,
            Id = (await db.NextIdsAsync(1, ct))[0],
            OwnerId = access.UserId,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Evaluations.Add(evaluation);
        Apply(evaluation, body, existingItems: [], existingStudents: [], existingShares: []);
        await db.SaveChangesAsync(ct);
        return (await ToResponsesAsync([evaluation], ct))[0];
    }

    /// <summary>Updates the evaluation; removing items that have entries deletes those entries, once confirmed.</summary>
    public async Task<Result<EvaluationResponse>> UpdateAsync(long id, bool? confirm, EvaluationRequest? body, CancellationToken ct)
    {
        var found = await evaluations.FindAsync(id, EvaluationRight.Modify, ct, tracking: true);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        if (body is null)
        {
            return Error.Invalid("", EmptyBody);
        }
        if (await ValidateAsync(body, ct) is { } invalid)
        {
            return invalid;
        }
        var items = await db.EvaluationItems.Where(i => i.EvaluationId == id).ToListAsync(ct);
        var students = await db.EvaluationStudents.Where(s => s.EvaluationId == id).ToListAsync(ct);
        var shares = await db.EvaluationShares.Where(s => s.EvaluationId == id).ToListAsync(ct);
        var removedItems = items.Select(i => i.ItemId).Except(body.ItemIds!).ToList();
        var orphanEntries = removedItems.Count == 0 ? 0 : await db.Entries.CountAsync(e => e.EvaluationId == id && removedItems.Contains(e.ItemId), ct);
        if (orphanEntries > 0 && confirm != true)
        {
            return Error.Of(ErrorCodes.ConfirmationRequired,
                $"Les items retirés de l'évaluation ont {orphanEntries} saisie(s), qui seront supprimées. Confirmez pour continuer (confirm=true).",
                new Dictionary<string, object?> { ["entries"] = orphanEntries });
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (orphanEntries > 0)
        {
            await db.Entries.Where(e => e.EvaluationId == id && removedItems.Contains(e.ItemId)).ExecuteDeleteAsync(ct);
        }
        Apply(found.Value, body, items, students, shares);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await ToResponsesAsync([found.Value], ct))[0];
    }

    /// <summary>Deletes the evaluation (owner's right); with entries, once confirmed. The audit trail stays.</summary>
    public async Task<Result> DeleteAsync(long id, bool? confirm, CancellationToken ct)
    {
        var found = await evaluations.FindAsync(id, EvaluationRight.Owner, ct, tracking: true);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var entries = await db.Entries.CountAsync(e => e.EvaluationId == id, ct);
        if (entries > 0 && confirm != true)
        {
            return Error.Of(ErrorCodes.ConfirmationRequired,
                $"Cette évaluation a {entries} saisie(s), qui seront supprimées avec elle. Confirmez pour continuer (confirm=true).",
                new Dictionary<string, object?> { ["entries"] = entries });
        }
        db.Evaluations.Remove(found.Value);
        await db.SaveChangesAsync(ct);
        return Result.Success;
    }

    /// <summary>The body's rules, then whether the caller may reach its target; null when valid.</summary>
    private async Task<Error?> ValidateAsync(EvaluationRequest body, CancellationToken ct)
    {
        var errors = new FieldErrors();
        int targets = (string.IsNullOrWhiteSpace(body.ClassCode) ? 0 : 1) + (string.IsNullOrWhiteSpace(body.GroupCode) ? 0 : 1) + (body.StudentIds is { Count: > 0 } ? 1 : 0);
        if (targets != 1)
        {
            errors.Add("", "Indiquez une seule cible : une classe (classCode), un groupe (groupCode) ou une sélection d'élèves (studentIds).");
        }
        var description = body.Description?.Trim() ?? "";
        if (description.Length == 0)
        {
            errors.Add("description", "La description de l'évaluation est vide.");
        }
        else if (description.Length > MaxDescriptionLength)
        {
            errors.Add("description", $"La description est trop longue ({description.Length} caractères, {MaxDescriptionLength} au plus).");
        }
        if (body.Date == default)
        {
            errors.Add("date", "La date de l'évaluation est absente.");
        }
        if (body.VisibleDate is { } visible && visible < body.Date)
        {
            errors.Add("visibleDate", "La date de visibilité ne peut pas précéder la date de l'évaluation.");
        }
        if (body.SelfAssessmentUntil is { } until && until < body.Date)
        {
            errors.Add("selfAssessmentUntil", "La fin de l'auto-évaluation ne peut pas précéder la date de l'évaluation.");
        }
        var itemIds = body.ItemIds ?? [];
        if (itemIds.Count == 0)
        {
            errors.Add("itemIds", "Choisissez au moins un item.");
        }
        else if (itemIds.Count > MaxItems)
        {
            errors.Add("itemIds", $"Trop d'items ({itemIds.Count}) : {MaxItems} au plus.");
        }
        else if (itemIds.Distinct().Count() != itemIds.Count)
        {
            errors.Add("itemIds", "Un item apparaît plusieurs fois.");
        }
        else
        {
            long[] wanted = [.. itemIds];
            var known = await db.Items.Where(i => wanted.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct);
            foreach (var missing in itemIds.Except(known))
            {
                errors.Add("itemIds", $"L'item n° {missing} n'existe pas dans cet établissement.");
            }
        }
        if (body.StudentIds is { Count: > MaxStudents })
        {
            errors.Add("studentIds", $"Trop d'élèves ({body.StudentIds.Count}) : {MaxStudents} au plus.");
        }
        foreach (var share in body.SharedWith ?? [])
        {
            if (!Rights.Contains(share.Right))
            {
                errors.Add("sharedWith", $"Droit « {share.Right} » inconnu (voir, saisir ou modifier).");
            }
        }
        if (body.SharedWith is { Count: > 0 } shared)
        {
            Guid[] teacherIds = [.. shared.Select(s => s.TeacherId)];
            if (teacherIds.Distinct().Count() != teacherIds.Length)
            {
                errors.Add("sharedWith", "Un collègue apparaît plusieurs fois dans le partage.");
            }
            var staff = await db.Users.Where(u => teacherIds.Contains(u.UserId) && u.Profile != Profiles.Student && u.Profile != Profiles.Guardian)
                .Select(u => u.UserId).ToListAsync(ct);
            foreach (var missing in teacherIds.Except(staff))
            {
                errors.Add("sharedWith", $"Le collègue {missing} n'est pas un personnel de l'établissement.");
            }
        }
        if (errors.Count > 0)
        {
            return errors.ToError();
        }

        if (!string.IsNullOrWhiteSpace(body.ClassCode))
        {
            var code = body.ClassCode.Trim();
            if (!await db.Classes.AnyAsync(c => c.Code == code, ct))
            {
                return Error.Invalid("classCode", $"La classe « {code} » n'existe pas dans cet établissement.");
            }
            if (!await access.CanReachClassAsync(code, ct))
            {
                return Error.Forbidden($"Vous n'enseignez pas dans la classe « {code} ».");
            }
        }
        else if (!string.IsNullOrWhiteSpace(body.GroupCode))
        {
            var code = body.GroupCode.Trim();
            if (!await db.Groups.AnyAsync(g => g.Code == code, ct))
            {
                return Error.Invalid("groupCode", $"Le groupe « {code} » n'existe pas dans cet établissement.");
            }
            if (!await access.CanReachGroupAsync(code, ct))
            {
                return Error.Forbidden($"Vous n'enseignez pas dans le groupe « {code} ».");
            }
        }
        else
        {
            foreach (var studentId in body.StudentIds!.Distinct())
            {
                var reach = await access.CanReachStudentAsync(studentId, ct);
                if (reach is null)
                {
                    return Error.Invalid("studentIds", $"L'élève {studentId} n'existe pas dans cet établissement.");
                }
                if (reach == false)
                {
                    return Error.Forbidden($"L'élève {studentId} n'est dans aucune de vos classes ni aucun de vos groupes.");
                }
            }
        }
        return null;
    }

    private void Apply(Evaluation evaluation, EvaluationRequest body,
        List<EvaluationItem> existingItems, List<EvaluationStudent> existingStudents, List<EvaluationShare> existingShares)
    {
        int b = evaluation.EstablishmentId;
        evaluation.ClassCode = string.IsNullOrWhiteSpace(body.ClassCode) ? null : body.ClassCode.Trim();
        evaluation.GroupCode = string.IsNullOrWhiteSpace(body.GroupCode) ? null : body.GroupCode.Trim();
        evaluation.Date = body.Date;
        evaluation.VisibleDate = body.VisibleDate ?? body.Date;
        evaluation.SelfAssessmentUntil = body.SelfAssessmentUntil;
        evaluation.Description = body.Description!.Trim();

        var itemIds = body.ItemIds!;
        db.EvaluationItems.RemoveRange(existingItems.Where(i => !itemIds.Contains(i.ItemId)));
        for (int k = 0; k < itemIds.Count; k++)
        {
            var row = existingItems.FirstOrDefault(i => i.ItemId == itemIds[k]);
            if (row is null)
            {
                db.EvaluationItems.Add(row = new EvaluationItem { EstablishmentId = b, EvaluationId = evaluation.Id, ItemId = itemIds[k] });
            }
            row.Order = k + 1;
        }

        var studentIds = evaluation.ClassCode is null && evaluation.GroupCode is null ? body.StudentIds!.Distinct().ToList() : [];
        db.EvaluationStudents.RemoveRange(existingStudents.Where(s => !studentIds.Contains(s.StudentId)));
        foreach (var id in studentIds.Where(id => existingStudents.All(s => s.StudentId != id)))
        {
            db.EvaluationStudents.Add(new EvaluationStudent { EstablishmentId = b, EvaluationId = evaluation.Id, StudentId = id });
        }

        var shares = (body.SharedWith ?? []).Where(s => s.TeacherId != evaluation.OwnerId).ToList();
        db.EvaluationShares.RemoveRange(existingShares.Where(s => shares.All(n => n.TeacherId != s.TeacherId)));
        foreach (var share in shares)
        {
            var row = existingShares.FirstOrDefault(s => s.TeacherId == share.TeacherId);
            if (row is null)
            {
                db.EvaluationShares.Add(row = new EvaluationShare { EstablishmentId = b, EvaluationId = evaluation.Id, TeacherId = share.TeacherId });
            }
            row.Right = share.Right;
        }
    }

    private async Task<List<EvaluationResponse>> ToResponsesAsync(List<Evaluation> list, CancellationToken ct)
    {
        var ids = list.Select(e => e.Id).ToList();
        var items = (await db.EvaluationItems.AsNoTracking().Where(i => ids.Contains(i.EvaluationId)).OrderBy(i => i.Order).ToListAsync(ct)).ToLookup(i => i.EvaluationId);
        var students = (await db.EvaluationStudents.AsNoTracking().Where(s => ids.Contains(s.EvaluationId)).ToListAsync(ct)).ToLookup(s => s.EvaluationId);
        var shares = (await db.EvaluationShares.AsNoTracking().Where(s => ids.Contains(s.EvaluationId)).ToListAsync(ct)).ToLookup(s => s.EvaluationId);
        var entered = await db.Entries.AsNoTracking().Where(x => ids.Contains(x.EvaluationId) && x.Code != "NN" && x.Code != "PA")
            .GroupBy(x => x.EvaluationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        string[] classCodes = [.. list.Where(e => e.ClassCode != null).Select(e => e.ClassCode!).Distinct()];
        var classSizes = await db.Users.AsNoTracking().Where(u => u.Profile == Profiles.Student && u.ClassCode != null && classCodes.Contains(u.ClassCode))
            .GroupBy(u => u.ClassCode!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var groupSizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var groupCode in list.Where(e => e.ClassCode == null && e.GroupCode != null).Select(e => e.GroupCode!).Distinct())
        {
            groupSizes[groupCode] = await db.Users.AsNoTracking().CountAsync(u => u.Profile == Profiles.Student && u.GroupCodes.Contains(groupCode), ct);
        }
        int Expected(Evaluation e) => items[e.Id].Count() * (e.ClassCode is { } c ? classSizes.GetValueOrDefault(c)
            : e.GroupCode is { } g ? groupSizes.GetValueOrDefault(g) : students[e.Id].Count());
        var me = access.UserId;
        return [.. list.Select(e => new EvaluationResponse(e.Id, e.OwnerId, e.ClassCode, e.GroupCode,
            [.. students[e.Id].Select(s => s.StudentId)], e.Date, e.VisibleDate, e.SelfAssessmentUntil, e.Description,
            [.. items[e.Id].Select(i => i.ItemId)], [.. shares[e.Id].Select(s => new ShareDto(s.TeacherId, s.Right))],
            access.IsWholeEstablishment || e.OwnerId == me ? "proprietaire" : shares[e.Id].FirstOrDefault(s => s.TeacherId == me)?.Right ?? "aucun",
            e.Done, entered.GetValueOrDefault(e.Id), Expected(e)))];
    }
}
