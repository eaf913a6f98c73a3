using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Evaluations;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Requests;

/// <summary>
/// Evaluation requests (« Demandes d'évaluation »): a student asks to be evaluated on an item whose cart flag is set;
/// a teacher with a service of the subject for the student's class or one of his groups (or the direction) accepts it into an
/// evaluation or refuses it. The limit of pending requests per student and subject is <see cref="DefaultMaxPendingPerSubject"/>.
/// </summary>
public sealed class EvaluationRequestService(CompetencesDbContext db, Access access, EvaluationAccess evaluations, TimeProvider clock)
{
    public const int MaxMessageLength = 500;
    /// <summary>Pending requests a student may hold in one subject (no establishment setting yet).</summary>
    public const int DefaultMaxPendingPerSubject = 3;
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Refused = "refused";
    private static readonly string[] Statuses = [Pending, Accepted, Refused];

    public async Task<Result<EvaluationRequestResponse>> CreateAsync(CreateEvaluationRequest? body, CancellationToken ct)
    {
        if (!access.IsStudent)
        {
            return Error.Forbidden("Seuls les élèves peuvent demander à être évalués.");
        }
        if (body is null)
        {
            return Error.Invalid("", "Le corps de la requête est vide.");
        }
        var message = string.IsNullOrWhiteSpace(body.Message) ? null : body.Message.Trim();
        if (message is { Length: > MaxMessageLength })
        {
            return Error.Invalid("message", $"Le message est trop long ({message.Length} caractères, {MaxMessageLength} au plus).");
        }
        var item = await (from i in db.Items
                          join r in db.Referentials on i.ReferentialId equals r.Id
                          where i.Id == body.ItemId
                          select new { i.Id, i.Cart, r.SubjectCode }).FirstOrDefaultAsync(ct);
        if (item is null)
        {
            return Error.Invalid("itemId", $"L'item n° {body.ItemId} n'existe pas dans cet établissement.");
        }
        if (!item.Cart)
        {
            return Error.Invalid("itemId", "Cet item ne peut pas faire l'objet d'une demande d'évaluation.");
        }
        var me = access.UserId;
        var pending = await db.EvaluationRequests.Where(r => r.StudentId == me && r.Status == Pending && r.SubjectCode == item.SubjectCode)
            .Select(r => r.ItemId).ToListAsync(ct);
        if (pending.Contains(item.Id))
        {
            return Error.Of(ErrorCodes.RequestExists, "Vous avez déjà une demande en attente pour cet item.");
        }
        if (pending.Count >= DefaultMaxPendingPerSubject)
        {
            return Error.Of(ErrorCodes.RequestLimit,
                $"Vous avez déjà {pending.Count} demande(s) en attente dans cette matière ({DefaultMaxPendingPerSubject} au plus) : attendez qu'un enseignant y réponde.");
        }
        var row = new EvaluationRequestRow
        {
            EstablishmentId = access.EstablishmentId,
            Id = (await db.NextIdsAsync(1, ct))[0],
            StudentId = me,
            ItemId = item.Id,
            SubjectCode = item.SubjectCode,
            Message = message,
            Status = Pending,
            CreatedAt = clock.GetUtcNow(),
        };
        db.EvaluationRequests.Add(row);
        if (!await db.TrySaveVersionedAsync(ct))
        {
            return Error.Of(ErrorCodes.RequestExists, "Vous avez déjà une demande en attente pour cet item.");
        }
        return (await ToResponsesAsync([row], ct))[0];
    }

    /// <summary>A student's own requests; a teacher's answerable ones (his students, his subjects); everything for the direction.</summary>
    public async Task<Result<List<EvaluationRequestResponse>>> ListAsync(string? classCode, long? itemId, string? status, int? olderThanDays, CancellationToken ct)
    {
        if (status is not null && !Statuses.Contains(status))
        {
            return Error.Invalid("status", $"Statut « {status} » inconnu (pending, accepted ou refused).");
        }
        IQueryable<EvaluationRequestRow> query = db.EvaluationRequests.AsNoTracking();
        if (access.IsStudent)
        {
            var me = access.UserId;
            query = query.Where(r => r.StudentId == me);
        }
        else if (!access.IsStaff)
        {
            return Error.Forbidden("Les demandes d'évaluation sont réservées aux élèves et aux personnels.");
        }
        if (itemId is { } item)
        {
            query = query.Where(r => r.ItemId == item);
        }
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }
        if (olderThanDays is { } days)
        {
            var before = clock.GetUtcNow().AddDays(-days);
            query = query.Where(r => r.CreatedAt <= before);
        }
        if (!string.IsNullOrWhiteSpace(classCode))
        {
            var code = classCode.Trim();
            query = query.Where(r => db.Users.Any(u => u.UserId == r.StudentId && u.ClassCode == code));
        }
        if (access.IsStaff && !access.IsWholeEstablishment)
        {
            query = Answerable(query);
        }
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(1000).ToListAsync(ct);
        return await ToResponsesAsync(rows, ct);
    }

    /// <summary>One request: a student his own only (another's is not found); staff those they may answer.</summary>
    public async Task<Result<EvaluationRequestResponse>> GetAsync(long id, CancellationToken ct)
    {
        var request = await db.EvaluationRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null || (access.IsStudent && request.StudentId != access.UserId))
        {
            return Error.NotFound($"La demande n° {id} n'existe pas dans cet établissement.");
        }
        if (!access.IsStudent && !await MayAnswerAsync(request, ct))
        {
            return Error.Forbidden("Vous n'enseignez pas cette matière à cet élève.");
        }
        return (await ToResponsesAsync([request], ct))[0];
    }

    /// <summary>Accepts a pending request: a new evaluation of today, or the item and the student added to <c>evaluationId</c>.</summary>
    public async Task<Result<EvaluationRequestResponse>> AcceptAsync(long id, AcceptEvaluationRequest? body, CancellationToken ct)
    {
        var found = await FindAnswerableAsync(id, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var request = found.Value;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Evaluation evaluation;
        if (body?.EvaluationId is { } evaluationId)
        {
            var existing = await evaluations.FindAsync(evaluationId, EvaluationRight.Modify, ct, tracking: true);
            if (!existing.IsSuccess)
            {
                return existing.Error!;
            }
            evaluation = existing.Value;
            if (evaluation.ClassCode is not null || evaluation.GroupCode is not null)
            {
                var inTarget = await db.Users.AnyAsync(u => u.UserId == request.StudentId
                    && (evaluation.ClassCode != null ? u.ClassCode == evaluation.ClassCode : u.GroupCodes.Contains(evaluation.GroupCode!)), ct);
                if (!inTarget)
                {
                    return Error.Invalid("evaluationId", "L'élève n'est pas dans la classe ou le groupe de cette évaluation : choisissez une évaluation sur une sélection d'élèves, ou une nouvelle évaluation.");
                }
            }
            else if (!await db.EvaluationStudents.AnyAsync(s => s.EvaluationId == evaluation.Id && s.StudentId == request.StudentId, ct))
            {
                db.EvaluationStudents.Add(new EvaluationStudent { EstablishmentId = evaluation.EstablishmentId, EvaluationId = evaluation.Id, StudentId = request.StudentId });
            }
            if (!await db.EvaluationItems.AnyAsync(i => i.EvaluationId == evaluation.Id && i.ItemId == request.ItemId, ct))
            {
                var order = await db.EvaluationItems.Where(i => i.EvaluationId == evaluation.Id).MaxAsync(i => (int?)i.Order, ct) ?? 0;
                db.EvaluationItems.Add(new EvaluationItem { EstablishmentId = evaluation.EstablishmentId, EvaluationId = evaluation.Id, ItemId = request.ItemId, Order = order + 1 });
            }
        }
        else
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            evaluation = new Evaluation
            {
                EstablishmentId = access.EstablishmentId,
                Id = (await db.NextIdsAsync(1, ct))[0],
                OwnerId = access.UserId,
                CreatedAt = clock.GetUtcNow(),
                Date = today,
                VisibleDate = today,
                Description = $"Demandes d'évaluation du {today:dd/MM/yyyy}",
            };
            db.Evaluations.Add(evaluation);
            db.EvaluationStudents.Add(new EvaluationStudent { EstablishmentId = evaluation.EstablishmentId, EvaluationId = evaluation.Id, StudentId = request.StudentId });
            db.EvaluationItems.Add(new EvaluationItem { EstablishmentId = evaluation.EstablishmentId, EvaluationId = evaluation.Id, ItemId = request.ItemId, Order = 1 });
        }
        request.Status = Accepted;
        request.EvaluationId = evaluation.Id;
        request.AnsweredBy = access.UserId;
        request.AnsweredAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await ToResponsesAsync([request], ct))[0];
    }

    public async Task<Result<EvaluationRequestResponse>> RefuseAsync(long id, RefuseEvaluationRequest? body, CancellationToken ct)
    {
        var message = body?.Message?.Trim() ?? "";
        if (message.Length == 0)
        {
            return Error.Invalid("message", "Expliquez à l'élève pourquoi sa demande est refusée.");
        }
        if (message.Length > MaxMessageLength)
        {
            return Error.Invalid("message", $"Le message est trop long ({message.Length} caractères, {MaxMessageLength} au plus).");
        }
        var found = await FindAnswerableAsync(id, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var request = found.Value;
        request.Status = Refused;
        request.Answer = message;
        request.AnsweredBy = access.UserId;
        request.AnsweredAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return (await ToResponsesAsync([request], ct))[0];
    }

    /// <summary>The pending request, if the caller teaches its subject to its student (or is the direction).</summary>
    private async Task<Result<EvaluationRequestRow>> FindAnswerableAsync(long id, CancellationToken ct)
    {
        var request = await db.EvaluationRequests.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return Error.NotFound($"La demande n° {id} n'existe pas dans cet établissement.");
        }
        if (!await MayAnswerAsync(request, ct))
        {
            return Error.Forbidden("Vous n'enseignez pas cette matière à cet élève.");
        }
        if (request.Status != Pending)
        {
            return Error.Of(ErrorCodes.RequestAnswered, request.Status == Accepted ? "Cette demande a déjà été acceptée." : "Cette demande a déjà été refusée.");
        }
        return request;
    }

    private async Task<bool> MayAnswerAsync(EvaluationRequestRow request, CancellationToken ct)
    {
        if (access.IsWholeEstablishment)
        {
            return true;
        }
        var id = request.Id;
        return access.IsStaff && await Answerable(db.EvaluationRequests.Where(r => r.Id == id)).AnyAsync(ct);
    }

    /// <summary>Requests whose subject the caller teaches to the student's class or to one of his groups (a teacher service).</summary>
    private IQueryable<EvaluationRequestRow> Answerable(IQueryable<EvaluationRequestRow> query)
    {
        var me = access.UserId;
        return query.Where(r => db.TeacherServices.Any(s => s.TeacherId == me && s.SubjectCode == r.SubjectCode
            && db.Users.Any(u => u.UserId == r.StudentId && (s.IsGroup ? u.GroupCodes.Contains(s.StructureCode) : u.ClassCode == s.StructureCode))));
    }

    private async Task<List<EvaluationRequestResponse>> ToResponsesAsync(List<EvaluationRequestRow> rows, CancellationToken ct)
    {
        Guid[] studentIds = [.. rows.Select(r => r.StudentId).Distinct()];
        long[] itemIds = [.. rows.Select(r => r.ItemId).Distinct()];
        string[] subjectCodes = [.. rows.Select(r => r.SubjectCode).Distinct()];
        var students = await db.Users.AsNoTracking().Where(u => studentIds.Contains(u.UserId))
            .Select(u => new { u.UserId, u.LastName, u.FirstName, u.ClassCode }).ToDictionaryAsync(u => u.UserId, ct);
        var items = await db.Items.AsNoTracking().Where(i => itemIds.Contains(i.Id)).Select(i => new { i.Id, i.Name }).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        var subjects = await db.Subjects.AsNoTracking().Where(s => subjectCodes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, ct);
        return [.. rows.Select(r =>
        {
            var student = students.GetValueOrDefault(r.StudentId);
            return new EvaluationRequestResponse(r.Id, r.StudentId, student is null ? "" : $"{student.LastName} {student.FirstName}", student?.ClassCode,
                r.ItemId, items.GetValueOrDefault(r.ItemId, ""), r.SubjectCode, subjects.GetValueOrDefault(r.SubjectCode, r.SubjectCode),
                r.Message, r.Status, r.CreatedAt, r.AnsweredBy, r.AnsweredAt, r.Answer, r.EvaluationId);
        })];
    }
}
