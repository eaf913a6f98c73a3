using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Sacoche.Competences.Application;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Apis;

/// <summary>One cell to write. <see cref="Version"/> is the version the client last read (absent or 0: the cell was empty).</summary>
public sealed record EntryWrite(Guid StudentId, long ItemId, string? Code, int? Version);

public sealed record CellResponse(Guid StudentId, long ItemId, string Code, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt);

public sealed record GridStudent(Guid StudentId, string LastName, string FirstName, IReadOnlyList<CellResponse> Cells);

public sealed record GridItem(long ItemId, string Name);

public sealed record GridResponse(long EvaluationId, IReadOnlyList<GridItem> Items, IReadOnlyList<GridStudent> Students);

public sealed record ConflictCell(Guid StudentId, long ItemId, string Code, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt, int YourVersion);

public static class EntriesApi
{
    public const int MaxCells = 10_000;

    public static RouteGroupBuilder MapEntriesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/evaluations/{id:long}/entries", async (long id, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            var (evaluation, _, problem) = await EvaluationsApi.FindAsync(db, access, id, EvaluationRight.View, ct);
            if (problem is not null)
            {
                return problem;
            }
            var students = await EvaluationsApi.StudentsAsync(db, evaluation!, ct);
            var items = await db.EvaluationItems.AsNoTracking().Where(ei => ei.EvaluationId == id)
                .Join(db.Items, ei => ei.ItemId, i => i.Id, (ei, i) => new { ei.Order, i.Id, i.Name })
                .OrderBy(x => x.Order).ToListAsync(ct);
            var cells = await db.Entries.AsNoTracking().Where(e => e.EvaluationId == id).ToDictionaryAsync(e => (e.StudentId, e.ItemId), ct);
            var grid = new GridResponse(id, [.. items.Select(i => new GridItem(i.Id, i.Name))],
                [.. students.Select(s => new GridStudent(s.UserId, s.LastName, s.FirstName,
                    [.. items.Select(i => cells.TryGetValue((s.UserId, i.Id), out var e)
                        ? new CellResponse(s.UserId, i.Id, e.Code, e.Version, e.ChangedBy, e.ChangedAt)
                        : new CellResponse(s.UserId, i.Id, "NN", 0, null, null))]))]);
            return TypedResults.Ok(grid);
        });

        api.MapPut("/evaluations/{id:long}/entries", async (long id, List<EntryWrite>? body, Access access, CompetencesDbContext db, SettingsStore settings, CancellationToken ct) =>
        {
            var (evaluation, _, problem) = await EvaluationsApi.FindAsync(db, access, id, EvaluationRight.Enter, ct);
            if (problem is not null)
            {
                return problem;
            }
            if (body is null || body.Count == 0)
            {
                return Problems.Validation("Aucune cellule à enregistrer.");
            }
            if (body.Count > MaxCells)
            {
                return Problems.Validation($"Trop de cellules ({body.Count}) : {MaxCells} au plus par envoi.");
            }
            var gradeCodes = (await settings.GetAsync(ct)).ToGradeCodes();
            var studentIds = (await EvaluationsApi.StudentsAsync(db, evaluation!, ct)).Select(s => s.UserId).ToHashSet();
            var itemIds = (await db.EvaluationItems.Where(ei => ei.EvaluationId == id).Select(ei => ei.ItemId).ToListAsync(ct)).ToHashSet();
            var errors = new List<string>();
            var cells = new List<(Guid Student, long Item, string Code, int Expected)>(body.Count);
            var seen = new HashSet<(Guid, long)>();
            for (int k = 0; k < body.Count && errors.Count < 50; k++)
            {
                var w = body[k];
                string who = $"Cellule n° {k + 1}";
                if (!studentIds.Contains(w.StudentId))
                {
                    errors.Add($"{who} : l'élève {w.StudentId} n'est pas concerné par cette évaluation.");
                    continue;
                }
                if (!itemIds.Contains(w.ItemId))
                {
                    errors.Add($"{who} : l'item n° {w.ItemId} ne fait pas partie de cette évaluation.");
                    continue;
                }
                if (!seen.Add((w.StudentId, w.ItemId)))
                {
                    errors.Add($"{who} : cette cellule apparaît plusieurs fois dans l'envoi.");
                    continue;
                }
                var parsed = CodeParser.Parse(w.Code, gradeCodes);
                if (!parsed.IsSuccess)
                {
                    errors.Add($"{who} : {parsed.Error}");
                    continue;
                }
                cells.Add((w.StudentId, w.ItemId, parsed.Code.StorageValue, w.Version ?? 0));
            }
            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
            }

            var result = await SaveAsync(db, access.EstablishmentId, id, access.UserId, cells, ct);
            if (result.Conflicts is { Count: > 0 } conflicts)
            {
                return Problems.Conflict("saisie-modifiee",
                    $"{conflicts.Count} cellule(s) ont été modifiées entre-temps par un collègue : rien n'a été enregistré. Vérifiez les valeurs actuelles puis renvoyez votre saisie.",
                    new Dictionary<string, object?> { ["conflicts"] = conflicts });
            }
            CompetencesMetrics.EntriesSaved.Add(cells.Count);
            return TypedResults.Ok(result.Saved);
        });

        api.MapGet("/evaluations/{id:long}/entries/audit", async (long id, Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            var (_, _, problem) = await EvaluationsApi.FindAsync(db, access, id, EvaluationRight.View, ct);
            if (problem is not null)
            {
                return problem;
            }
            var audit = await db.EntryAudits.AsNoTracking().Where(a => a.EvaluationId == id).OrderBy(a => a.Id)
                .Select(a => new { a.StudentId, a.ItemId, a.OldCode, a.NewCode, a.ChangedBy, a.ChangedAt }).ToListAsync(ct);
            return TypedResults.Ok(audit);
        });
        return api;
    }

    private sealed record SaveResult(List<CellResponse> Saved, List<ConflictCell>? Conflicts);

    /// <summary>
    /// All-or-nothing optimistic save: locks the existing cells, compares their versions to what the
    /// client read, then upserts the changed cells (version + 1) and appends the audit trail, in one
    /// transaction and four statements whatever the grid size.
    /// </summary>
    [SuppressMessage("Security", "CA2100", Justification = "Constant SQL; values are parameters.")]
    private static async Task<SaveResult> SaveAsync(CompetencesDbContext db, int b, long evaluationId, Guid user,
        List<(Guid Student, long Item, string Code, int Expected)> cells, CancellationToken ct)
    {
        var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var students = cells.Select(c => c.Student).ToArray();
        var items = cells.Select(c => c.Item).ToArray();

        var current = new Dictionary<(Guid, long), CellResponse>();
        await using (var select = new NpgsqlCommand("""
            SELECT e.student_id, e.item_id, e.code, e.version, e.changed_by, e.changed_at
            FROM entries e JOIN unnest(@students, @items) AS k(student_id, item_id) ON e.student_id = k.student_id AND e.item_id = k.item_id
            WHERE e.establishment_id = @b AND e.evaluation_id = @evaluation
            ORDER BY e.student_id, e.item_id
            FOR UPDATE OF e
            """, connection))
        {
            select.Parameters.AddWithValue("b", b);
            select.Parameters.AddWithValue("evaluation", evaluationId);
            select.Parameters.AddWithValue("students", NpgsqlDbType.Array | NpgsqlDbType.Uuid, students);
            select.Parameters.AddWithValue("items", NpgsqlDbType.Array | NpgsqlDbType.Bigint, items);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var cell = new CellResponse(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetGuid(4), reader.GetFieldValue<DateTimeOffset>(5));
                current[(cell.StudentId, cell.ItemId)] = cell;
            }
        }

        var conflicts = new List<ConflictCell>();
        var changes = new List<(Guid Student, long Item, string Code, int Expected, string? Old)>();
        foreach (var c in cells)
        {
            current.TryGetValue((c.Student, c.Item), out var now);
            int version = now?.Version ?? 0;
            if (version != c.Expected)
            {
                conflicts.Add(new ConflictCell(c.Student, c.Item, now?.Code ?? "NN", version, now?.ChangedBy, now?.ChangedAt, c.Expected));
            }
            else if ((now?.Code ?? "NN") != c.Code)
            {
                changes.Add((c.Student, c.Item, c.Code, c.Expected, now?.Code));
            }
        }
        if (conflicts.Count > 0)
        {
            await tx.RollbackAsync(ct);
            return new SaveResult([], conflicts);
        }

        var saved = new List<CellResponse>(changes.Count);
        if (changes.Count > 0)
        {
            var at = DateTimeOffset.UtcNow;
            await using (var upsert = new NpgsqlCommand("""
                INSERT INTO entries (establishment_id, evaluation_id, student_id, item_id, code, version, changed_by, changed_at)
                SELECT @b, @evaluation, k.student_id, k.item_id, k.code, k.expected + 1, @user, @at
                FROM unnest(@students, @items, @codes, @expected) AS k(student_id, item_id, code, expected)
                ON CONFLICT (establishment_id, evaluation_id, student_id, item_id) DO UPDATE
                    SET code = EXCLUDED.code, version = entries.version + 1, changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at
                    WHERE entries.version = EXCLUDED.version - 1
                RETURNING student_id, item_id, code, version
                """, connection))
            {
                upsert.Parameters.AddWithValue("b", b);
                upsert.Parameters.AddWithValue("evaluation", evaluationId);
                upsert.Parameters.AddWithValue("user", user);
                upsert.Parameters.AddWithValue("at", at);
                upsert.Parameters.AddWithValue("students", NpgsqlDbType.Array | NpgsqlDbType.Uuid, changes.Select(c => c.Student).ToArray());
                upsert.Parameters.AddWithValue("items", NpgsqlDbType.Array | NpgsqlDbType.Bigint, changes.Select(c => c.Item).ToArray());
                upsert.Parameters.AddWithValue("codes", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(c => c.Code).ToArray());
                upsert.Parameters.AddWithValue("expected", NpgsqlDbType.Array | NpgsqlDbType.Integer, changes.Select(c => c.Expected).ToArray());
                await using var reader = await upsert.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    saved.Add(new CellResponse(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), user, at));
                }
            }
            if (saved.Count != changes.Count)
            {
                // A colleague created one of these cells after our read (no row to lock then): report it.
                await tx.RollbackAsync(ct);
                var written = saved.Select(s => (s.StudentId, s.ItemId)).ToHashSet();
                var lost = changes.Where(c => !written.Contains((c.Student, c.Item))).ToList();
                var lostStudents = lost.Select(c => c.Student).ToArray();
                var rows = await db.Entries.AsNoTracking().Where(e => e.EvaluationId == evaluationId && lostStudents.Contains(e.StudentId)).ToListAsync(ct);
                return new SaveResult([], [.. lost.Select(c =>
                {
                    var row = rows.FirstOrDefault(r => r.StudentId == c.Student && r.ItemId == c.Item);
                    return new ConflictCell(c.Student, c.Item, row?.Code ?? "NN", row?.Version ?? 0, row?.ChangedBy, row?.ChangedAt, c.Expected);
                })]);
            }

            await using (var audit = new NpgsqlCommand("""
                INSERT INTO entry_audits (establishment_id, evaluation_id, student_id, item_id, old_code, new_code, changed_by, changed_at)
                SELECT @b, @evaluation, k.student_id, k.item_id, k.old_code, k.new_code, @user, @at
                FROM unnest(@students, @items, @olds, @news) AS k(student_id, item_id, old_code, new_code)
                """, connection))
            {
                audit.Parameters.AddWithValue("b", b);
                audit.Parameters.AddWithValue("evaluation", evaluationId);
                audit.Parameters.AddWithValue("user", user);
                audit.Parameters.AddWithValue("at", at);
                audit.Parameters.AddWithValue("students", NpgsqlDbType.Array | NpgsqlDbType.Uuid, changes.Select(c => c.Student).ToArray());
                audit.Parameters.AddWithValue("items", NpgsqlDbType.Array | NpgsqlDbType.Bigint, changes.Select(c => c.Item).ToArray());
                audit.Parameters.AddWithValue("olds", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(c => (object?)c.Old ?? DBNull.Value).ToArray());
                audit.Parameters.AddWithValue("news", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(c => c.Code).ToArray());
                await audit.ExecuteNonQueryAsync(ct);
            }
        }
        await tx.CommitAsync(ct);
        return new SaveResult(saved, null);
    }
}
