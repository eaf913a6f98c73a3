using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Application;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Apis;

public sealed record ShareDto(Guid TeacherId, string Right);

public sealed record EvaluationRequest(
    string? ClassCode,
    string? GroupCode,
    IReadOnlyList<Guid>? StudentIds,
    DateOnly Date,
    DateOnly? VisibleDate,
    DateOnly? SelfAssessmentUntil,
    string? Description,
    IReadOnlyList<long>? ItemIds,
    IReadOnlyList<ShareDto>? SharedWith);

public sealed record EvaluationResponse(
    long Id,
    Guid OwnerId,
    string? ClassCode,
    string? GroupCode,
    IReadOnlyList<Guid> StudentIds,
    DateOnly Date,
    DateOnly VisibleDate,
    DateOnly? SelfAssessmentUntil,
    string Description,
    IReadOnlyList<long> ItemIds,
    IReadOnlyList<ShareDto> SharedWith,
    string MyRight);

public static class EvaluationsApi
{
    public const int MaxDescriptionLength = 60;
    public const int MaxItems = 500;
    public const int MaxStudents = 2000;
    private static readonly string[] Rights = ["voir", "saisir", "modifier"];

    public static RouteGroupBuilder MapEvaluationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/evaluations");

        // Mine and those shared with me.
        group.MapGet("/", async (Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (!access.IsStaff)
            {
                return Problems.Forbidden("Les évaluations sont réservées aux personnels de l'établissement.");
            }
            var me = access.UserId;
            var evaluations = await db.Evaluations.AsNoTracking()
                .Where(e => e.OwnerId == me || db.EvaluationShares.Any(s => s.EvaluationId == e.Id && s.TeacherId == me))
                .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).ToListAsync(ct);
            return TypedResults.Ok(await ToResponsesAsync(db, access, evaluations, ct));
        });

        group.MapGet("/{id:long}", async (long id, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            var (evaluation, right, problem) = await FindAsync(db, access, id, EvaluationRight.View, ct);
            if (problem is not null)
            {
                return problem;
            }
            return TypedResults.Ok((await ToResponsesAsync(db, access, [evaluation!], ct))[0]);
        });

        group.MapPost("/", async (EvaluationRequest? body, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (!access.IsStaff)
            {
                return Problems.Forbidden("Seuls les personnels de l'établissement peuvent créer une évaluation.");
            }
            if (body is null)
            {
                return Problems.Validation("Le corps de la requête est vide.");
            }
            var problem = await ValidateAsync(body, access, db, ct);
            if (problem is not null)
            {
                return problem;
            }
            var evaluation = new Evaluation
            {
                EstablishmentId = access.EstablishmentId,
                Id = (await db.NextIdsAsync(1, ct))[0],
                OwnerId = access.UserId,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Evaluations.Add(evaluation);
            Apply(db, evaluation, body, existingItems: [], existingStudents: [], existingShares: []);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/competences/evaluations/{evaluation.Id}", (await ToResponsesAsync(db, access, [evaluation], ct))[0]);
        });

        group.MapPut("/{id:long}", async (long id, bool? confirm, EvaluationRequest? body, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            var (evaluation, _, problem) = await FindAsync(db, access, id, EvaluationRight.Modify, ct, tracking: true);
            if (problem is not null)
            {
                return problem;
            }
            if (body is null)
            {
                return Problems.Validation("Le corps de la requête est vide.");
            }
            problem = await ValidateAsync(body, access, db, ct);
            if (problem is not null)
            {
                return problem;
            }
            var items = await db.EvaluationItems.Where(i => i.EvaluationId == id).ToListAsync(ct);
            var students = await db.EvaluationStudents.Where(s => s.EvaluationId == id).ToListAsync(ct);
            var shares = await db.EvaluationShares.Where(s => s.EvaluationId == id).ToListAsync(ct);
            var removedItems = items.Select(i => i.ItemId).Except(body.ItemIds!).ToList();
            var orphanEntries = removedItems.Count == 0 ? 0 : await db.Entries.CountAsync(e => e.EvaluationId == id && removedItems.Contains(e.ItemId), ct);
            if (orphanEntries > 0 && confirm != true)
            {
                return Problems.ConfirmationRequired(
                    $"Les items retirés de l'évaluation ont {orphanEntries} saisie(s), qui seront supprimées. Confirmez pour continuer (confirm=true).",
                    new Dictionary<string, object?> { ["entries"] = orphanEntries });
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (orphanEntries > 0)
            {
                await db.Entries.Where(e => e.EvaluationId == id && removedItems.Contains(e.ItemId)).ExecuteDeleteAsync(ct);
            }
            Apply(db, evaluation!, body, items, students, shares);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Ok((await ToResponsesAsync(db, access, [evaluation!], ct))[0]);
        });

        group.MapDelete("/{id:long}", async (long id, bool? confirm, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            var (evaluation, _, problem) = await FindAsync(db, access, id, EvaluationRight.Owner, ct, tracking: true);
            if (problem is not null)
            {
                return problem;
            }
            var entries = await db.Entries.CountAsync(e => e.EvaluationId == id, ct);
            if (entries > 0 && confirm != true)
            {
                return Problems.ConfirmationRequired(
                    $"Cette évaluation a {entries} saisie(s), qui seront supprimées avec elle. Confirmez pour continuer (confirm=true).",
                    new Dictionary<string, object?> { ["entries"] = entries });
            }
            db.Evaluations.Remove(evaluation!);
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        });
        return api;
    }

    /// <summary>The evaluation if the caller holds at least <paramref name="needed"/> on it; else a 404/403 problem.</summary>
    internal static async Task<(Evaluation? Evaluation, EvaluationRight Right, IResult? Problem)> FindAsync(
        CompetencesDbContext db, Access access, long id, EvaluationRight needed, CancellationToken ct, bool tracking = false)
    {
        var query = tracking ? db.Evaluations : db.Evaluations.AsNoTracking();
        var evaluation = await query.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (evaluation is null)
        {
            return (null, EvaluationRight.None, Problems.NotFound($"L'évaluation n° {id} n'existe pas dans cet établissement."));
        }
        var right = await access.RightOnAsync(evaluation, ct);
        if (right < needed)
        {
            string what = needed switch
            {
                EvaluationRight.View => "consulter",
                EvaluationRight.Enter => "saisir les codes de",
                EvaluationRight.Modify => "modifier",
                _ => "supprimer",
            };
            return (null, right, Problems.Forbidden($"Vous n'avez pas le droit de {what} cette évaluation."));
        }
        return (evaluation, right, null);
    }

    private static async Task<IResult?> ValidateAsync(EvaluationRequest body, Access access, CompetencesDbContext db, CancellationToken ct)
    {
        var errors = new List<string>();
        int targets = (string.IsNullOrWhiteSpace(body.ClassCode) ? 0 : 1) + (string.IsNullOrWhiteSpace(body.GroupCode) ? 0 : 1) + (body.StudentIds is { Count: > 0 } ? 1 : 0);
        if (targets != 1)
        {
            errors.Add("Indiquez une seule cible : une classe (classCode), un groupe (groupCode) ou une sélection d'élèves (studentIds).");
        }
        var description = body.Description?.Trim() ?? "";
        if (description.Length == 0)
        {
            errors.Add("La description de l'évaluation est vide.");
        }
        else if (description.Length > MaxDescriptionLength)
        {
            errors.Add($"La description est trop longue ({description.Length} caractères, {MaxDescriptionLength} au plus).");
        }
        if (body.Date == default)
        {
            errors.Add("La date de l'évaluation est absente.");
        }
        if (body.VisibleDate is { } visible && visible < body.Date)
        {
            errors.Add("La date de visibilité ne peut pas précéder la date de l'évaluation.");
        }
        if (body.SelfAssessmentUntil is { } until && until < body.Date)
        {
            errors.Add("La fin de l'auto-évaluation ne peut pas précéder la date de l'évaluation.");
        }
        var itemIds = body.ItemIds ?? [];
        if (itemIds.Count == 0)
        {
            errors.Add("Choisissez au moins un item.");
        }
        else if (itemIds.Count > MaxItems)
        {
            errors.Add($"Trop d'items ({itemIds.Count}) : {MaxItems} au plus.");
        }
        else if (itemIds.Distinct().Count() != itemIds.Count)
        {
            errors.Add("Un item apparaît plusieurs fois.");
        }
        else
        {
            long[] wanted = [.. itemIds];
            var known = await db.Items.Where(i => wanted.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct);
            foreach (var missing in itemIds.Except(known))
            {
                errors.Add($"L'item n° {missing} n'existe pas dans cet établissement.");
            }
        }
        if (body.StudentIds is { Count: > MaxStudents })
        {
            errors.Add($"Trop d'élèves ({body.StudentIds.Count}) : {MaxStudents} au plus.");
        }
        foreach (var share in body.SharedWith ?? [])
        {
            if (!Rights.Contains(share.Right))
            {
                errors.Add($"Droit « {share.Right} » inconnu (voir, saisir ou modifier).");
            }
        }
        if (body.SharedWith is { Count: > 0 } shared)
        {
            Guid[] teacherIds = [.. shared.Select(s => s.TeacherId)];
            if (teacherIds.Distinct().Count() != teacherIds.Length)
            {
                errors.Add("Un collègue apparaît plusieurs fois dans le partage.");
            }
            var staff = await db.Users.Where(u => teacherIds.Contains(u.UserId) && u.Profile != Profiles.Student && u.Profile != Profiles.Guardian)
                .Select(u => u.UserId).ToListAsync(ct);
            foreach (var missing in teacherIds.Except(staff))
            {
                errors.Add($"Le collègue {missing} n'est pas un personnel de l'établissement.");
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (!string.IsNullOrWhiteSpace(body.ClassCode))
        {
            var code = body.ClassCode.Trim();
            if (!await db.Classes.AnyAsync(c => c.Code == code, ct))
            {
                return Problems.Validation($"La classe « {code} » n'existe pas dans cet établissement.");
            }
            if (!await access.CanReachClassAsync(code, ct))
            {
                return Problems.Forbidden($"Vous n'enseignez pas dans la classe « {code} ».");
            }
        }
        else if (!string.IsNullOrWhiteSpace(body.GroupCode))
        {
            var code = body.GroupCode.Trim();
            if (!await db.Groups.AnyAsync(g => g.Code == code, ct))
            {
                return Problems.Validation($"Le groupe « {code} » n'existe pas dans cet établissement.");
            }
            if (!await access.CanReachGroupAsync(code, ct))
            {
                return Problems.Forbidden($"Vous n'enseignez pas dans le groupe « {code} ».");
            }
        }
        else
        {
            foreach (var studentId in body.StudentIds!.Distinct())
            {
                var reach = await access.CanReachStudentAsync(studentId, ct);
                if (reach is null)
                {
                    return Problems.Validation($"L'élève {studentId} n'existe pas dans cet établissement.");
                }
                if (reach == false)
                {
                    return Problems.Forbidden($"L'élève {studentId} n'est dans aucune de vos classes ni aucun de vos groupes.");
                }
            }
        }
        return null;
    }

    private static void Apply(CompetencesDbContext db, Evaluation evaluation, EvaluationRequest body,
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

    private static async Task<List<EvaluationResponse>> ToResponsesAsync(CompetencesDbContext db, Access access, List<Evaluation> evaluations, CancellationToken ct)
    {
        var ids = evaluations.Select(e => e.Id).ToList();
        var items = (await db.EvaluationItems.AsNoTracking().Where(i => ids.Contains(i.EvaluationId)).OrderBy(i => i.Order).ToListAsync(ct)).ToLookup(i => i.EvaluationId);
        var students = (await db.EvaluationStudents.AsNoTracking().Where(s => ids.Contains(s.EvaluationId)).ToListAsync(ct)).ToLookup(s => s.EvaluationId);
        var shares = (await db.EvaluationShares.AsNoTracking().Where(s => ids.Contains(s.EvaluationId)).ToListAsync(ct)).ToLookup(s => s.EvaluationId);
        var me = access.UserId;
        return [.. evaluations.Select(e => new EvaluationResponse(e.Id, e.OwnerId, e.ClassCode, e.GroupCode,
            [.. students[e.Id].Select(s => s.StudentId)], e.Date, e.VisibleDate, e.SelfAssessmentUntil, e.Description,
            [.. items[e.Id].Select(i => i.ItemId)], [.. shares[e.Id].Select(s => new ShareDto(s.TeacherId, s.Right))],
            access.IsWholeEstablishment || e.OwnerId == me ? "proprietaire" : shares[e.Id].FirstOrDefault(s => s.TeacherId == me)?.Right ?? "aucun"))];
    }

    /// <summary>Students of an evaluation: its class or group from the roster, or its selection.</summary>
    internal static async Task<List<RosterUser>> StudentsAsync(CompetencesDbContext db, Evaluation evaluation, CancellationToken ct)
    {
        var students = db.Users.AsNoTracking().Where(u => u.Profile == Profiles.Student);
        if (evaluation.ClassCode is { } classCode)
        {
            students = students.Where(u => u.ClassCode == classCode);
        }
        else if (evaluation.GroupCode is { } groupCode)
        {
            students = students.Where(u => u.GroupCodes.Contains(groupCode));
        }
        else
        {
            var id = evaluation.Id;
            students = students.Where(u => db.EvaluationStudents.Any(s => s.EvaluationId == id && s.StudentId == u.UserId));
        }
        return await students.OrderBy(u => u.LastName).ThenBy(u => u.FirstName).ToListAsync(ct);
    }
}
