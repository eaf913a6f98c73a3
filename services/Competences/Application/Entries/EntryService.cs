using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Evaluations;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Entries;

/// <summary>The entry grid of an evaluation: reading it, saving cells (optimistic, all or nothing) and the audit trail.</summary>
public sealed class EntryService(CompetencesDbContext db, Access access, EvaluationAccess evaluations, SettingsStore settings, TimeProvider clock)
{
    public const int MaxCells = 10_000;

    /// <summary>Validation stops after this many messages: enough to correct a batch, not a wall of text.</summary>
    private const int MaxMessages = 50;

    public async Task<Result<GridResponse>> GridAsync(long id, CancellationToken ct)
    {
        var found = await evaluations.FindAsync(id, EvaluationRight.View, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var students = await evaluations.StudentsAsync(found.Value, ct);
        var items = await db.EvaluationItems.AsNoTracking().Where(ei => ei.EvaluationId == id)
            .Join(db.Items, ei => ei.ItemId, i => i.Id, (ei, i) => new { ei.Order, i.Id, i.Name })
            .OrderBy(x => x.Order).ToListAsync(ct);
        var cells = await db.Entries.AsNoTracking().Where(e => e.EvaluationId == id).ToDictionaryAsync(e => (e.StudentId, e.ItemId), ct);
        return new GridResponse(id, [.. items.Select(i => new GridItem(i.Id, i.Name))],
            [.. students.Select(s => new GridStudent(s.UserId, s.LastName, s.FirstName,
                [.. items.Select(i => cells.TryGetValue((s.UserId, i.Id), out var e)
                    ? new CellResponse(s.UserId, i.Id, e.Code, e.Version, e.ChangedBy, e.ChangedAt)
                    : new CellResponse(s.UserId, i.Id, "NN", 0, null, null))]))]);
    }

    /// <summary>
    /// Saves the cells (right "saisir" at least): each carries the version it replaces; if a colleague changed
    /// one meanwhile nothing is written and the problem lists the current values (<c>conflicts</c>).
    /// </summary>
    public async Task<Result<List<CellResponse>>> SaveAsync(long id, List<EntryWrite>? body, CancellationToken ct)
    {
        var found = await evaluations.FindAsync(id, EvaluationRight.Enter, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        if (body is null || body.Count == 0)
        {
            return Error.Invalid("", "Aucune cellule à enregistrer.");
        }
        if (body.Count > MaxCells)
        {
            return Error.Invalid("", $"Trop de cellules ({body.Count}) : {MaxCells} au plus par envoi.");
        }
        var gradeCodes = (await settings.GetAsync(ct)).ToGradeCodes();
        var studentIds = (await evaluations.StudentsAsync(found.Value, ct)).Select(s => s.UserId).ToHashSet();
        var itemIds = (await db.EvaluationItems.Where(ei => ei.EvaluationId == id).Select(ei => ei.ItemId).ToListAsync(ct)).ToHashSet();
        var errors = new FieldErrors();
        var cells = new List<EntryToWrite>(body.Count);
        var seen = new HashSet<(Guid, long)>();
        for (int k = 0; k < body.Count && errors.Count < MaxMessages; k++)
        {
            var w = body[k];
            string who = $"Cellule n° {k + 1}";
            if (!studentIds.Contains(w.StudentId))
            {
                errors.Add($"[{k}].studentId", $"{who} : l'élève {w.StudentId} n'est pas concerné par cette évaluation.");
                continue;
            }
            if (!itemIds.Contains(w.ItemId))
            {
                errors.Add($"[{k}].itemId", $"{who} : l'item n° {w.ItemId} ne fait pas partie de cette évaluation.");
                continue;
            }
            if (!seen.Add((w.StudentId, w.ItemId)))
            {
                errors.Add($"[{k}]", $"{who} : cette cellule apparaît plusieurs fois dans l'envoi.");
                continue;
            }
            var parsed = CodeParser.Parse(w.Code, gradeCodes);
            if (!parsed.IsSuccess)
            {
                errors.Add($"[{k}].code", $"{who} : {parsed.Error}");
                continue;
            }
            cells.Add(new EntryToWrite(w.StudentId, w.ItemId, parsed.Code.StorageValue, w.Version ?? 0));
        }
        if (errors.Count > 0)
        {
            return errors.ToError();
        }

        var save = await EntryQueries.SaveAsync(db, access.EstablishmentId, id, access.UserId, clock.GetUtcNow(), cells, ct);
        if (save.Conflicts.Count > 0)
        {
            List<ConflictCell> conflicts = [.. save.Conflicts.Select(c => new ConflictCell(c.Wanted.StudentId, c.Wanted.ItemId, c.Current?.Code ?? "NN",
                c.Current?.Version ?? 0, c.Current?.ChangedBy, c.Current?.ChangedAt, c.Wanted.ExpectedVersion))];
            return Error.Of(ErrorCodes.EntryChanged,
                $"{conflicts.Count} cellule(s) ont été modifiées entre-temps par un collègue : rien n'a été enregistré. Vérifiez les valeurs actuelles puis renvoyez votre saisie.",
                new Dictionary<string, object?> { ["conflicts"] = conflicts });
        }
        CompetencesMetrics.EntriesSaved.Add(cells.Count);
        return save.Saved.Select(s => new CellResponse(s.StudentId, s.ItemId, s.Code, s.Version, s.ChangedBy, s.ChangedAt)).ToList();
    }

    /// <summary>Every change of the evaluation's cells, oldest first (right "voir" at least).</summary>
    public async Task<Result<List<EntryAuditResponse>>> AuditAsync(long id, CancellationToken ct)
    {
        var found = await evaluations.FindAsync(id, EvaluationRight.View, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        return await db.EntryAudits.AsNoTracking().Where(a => a.EvaluationId == id).OrderBy(a => a.Id)
            .Select(a => new EntryAuditResponse(a.StudentId, a.ItemId, a.OldCode, a.NewCode, a.ChangedBy, a.ChangedAt)).ToListAsync(ct);
    }
}
