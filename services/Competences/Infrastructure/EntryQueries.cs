using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Sacoche.Competences.Infrastructure;

/// <summary>A cell to write and the version the client read (0: empty).</summary>
public readonly record struct EntryToWrite(Guid StudentId, long ItemId, string Code, int ExpectedVersion);

/// <summary>A cell as stored (an empty cell has no row: code "NN", version 0).</summary>
public sealed record StoredEntry(Guid StudentId, long ItemId, string Code, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt);

/// <summary>A cell whose stored version is not the one the client read; <see cref="Current"/> null when still empty.</summary>
public sealed record EntryConflict(EntryToWrite Wanted, StoredEntry? Current);

/// <summary>What a save wrote (nothing when there are conflicts).</summary>
public sealed record EntrySave(IReadOnlyList<StoredEntry> Saved, IReadOnlyList<EntryConflict> Conflicts);

/// <summary>One entry as the report queries return it (narrow: the hot path of class and common-core reports).</summary>
public readonly record struct EntryRow(Guid StudentId, long ItemId, DateOnly Date, long EvaluationId, string Code);

/// <summary>The entries' raw SQL: the grid's optimistic save and the reports' one-query read.</summary>
public static class EntryQueries
{
    /// <summary>
    /// All-or-nothing optimistic save: locks the existing cells, compares their versions to what the
    /// client read, then upserts the changed cells (version + 1) and appends the audit trail, in one
    /// transaction and four statements whatever the grid size.
    /// </summary>
    [SuppressMessage("Security", "CA2100", Justification = "Constant SQL; values are parameters.")]
    public static async Task<EntrySave> SaveAsync(CompetencesDbContext db, int b, long evaluationId, Guid user, DateTimeOffset at,
        IReadOnlyList<EntryToWrite> cells, CancellationToken ct)
    {
        var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var students = cells.Select(c => c.StudentId).ToArray();
        var items = cells.Select(c => c.ItemId).ToArray();

        var current = new Dictionary<(Guid, long), StoredEntry>();
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
                var cell = new StoredEntry(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetGuid(4), reader.GetFieldValue<DateTimeOffset>(5));
                current[(cell.StudentId, cell.ItemId)] = cell;
            }
        }

        var conflicts = new List<EntryConflict>();
        var changes = new List<(EntryToWrite Cell, string? Old)>();
        foreach (var c in cells)
        {
            current.TryGetValue((c.StudentId, c.ItemId), out var now);
            if ((now?.Version ?? 0) != c.ExpectedVersion)
            {
                conflicts.Add(new EntryConflict(c, now));
            }
            else if ((now?.Code ?? "NN") != c.Code)
            {
                changes.Add((c, now?.Code));
            }
        }
        if (conflicts.Count > 0)
        {
            await tx.RollbackAsync(ct);
            return new EntrySave([], conflicts);
        }

        var saved = new List<StoredEntry>(changes.Count);
        if (changes.Count > 0)
        {
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
                upsert.Parameters.AddWithValue("students", NpgsqlDbType.Array | NpgsqlDbType.Uuid, changes.Select(c => c.Cell.StudentId).ToArray());
                upsert.Parameters.AddWithValue("items", NpgsqlDbType.Array | NpgsqlDbType.Bigint, changes.Select(c => c.Cell.ItemId).ToArray());
                upsert.Parameters.AddWithValue("codes", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(c => c.Cell.Code).ToArray());
                upsert.Parameters.AddWithValue("expected", NpgsqlDbType.Array | NpgsqlDbType.Integer, changes.Select(c => c.Cell.ExpectedVersion).ToArray());
                await using var reader = await upsert.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    saved.Add(new StoredEntry(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), user, at));
                }
            }
            if (saved.Count != changes.Count)
            {
                // A colleague created one of these cells after our read (no row to lock then): report it.
                await tx.RollbackAsync(ct);
                var written = saved.Select(s => (s.StudentId, s.ItemId)).ToHashSet();
                var lost = changes.Select(c => c.Cell).Where(c => !written.Contains((c.StudentId, c.ItemId))).ToList();
                var lostStudents = lost.Select(c => c.StudentId).ToArray();
                var rows = await db.Entries.AsNoTracking().Where(e => e.EvaluationId == evaluationId && lostStudents.Contains(e.StudentId)).ToListAsync(ct);
                return new EntrySave([], [.. lost.Select(c =>
                {
                    var row = rows.FirstOrDefault(r => r.StudentId == c.StudentId && r.ItemId == c.ItemId);
                    return new EntryConflict(c, row is null ? null : new StoredEntry(row.StudentId, row.ItemId, row.Code, row.Version, row.ChangedBy, row.ChangedAt));
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
                audit.Parameters.AddWithValue("students", NpgsqlDbType.Array | NpgsqlDbType.Uuid, changes.Select(c => c.Cell.StudentId).ToArray());
                audit.Parameters.AddWithValue("items", NpgsqlDbType.Array | NpgsqlDbType.Bigint, changes.Select(c => c.Cell.ItemId).ToArray());
                audit.Parameters.AddWithValue("olds", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(c => (object?)c.Old ?? DBNull.Value).ToArray());
                audit.Parameters.AddWithValue("news", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(c => c.Cell.Code).ToArray());
                await audit.ExecuteNonQueryAsync(ct);
            }
        }
        await tx.CommitAsync(ct);
        return new EntrySave(saved, []);
    }

    /// <summary>
    /// Entries of the given students (null = every student) on the given items (null = every item), up to a date,
    /// in ONE query on the entries' index, sorted in memory by student, item, date, evaluation. Read with plain
    /// Npgsql (tenant scoped explicitly by <paramref name="establishmentId"/>): for 36,000 rows PostgreSQL needs
    /// ~13 ms, EF Core's materialisation cost several times that, and PostgreSQL's sort on uuid keys more than the join.
    /// </summary>
    public static async Task<List<EntryRow>> ReportRowsAsync(CompetencesDbContext db, int establishmentId, Guid[]? studentIds, long[]? itemIds,
        DateOnly? to, DateOnly? visibleUntil, CancellationToken ct)
    {
        var sql = new System.Text.StringBuilder("""
            SELECT e.student_id, e.item_id, ev.date, ev.id, e.code
            FROM entries e
            JOIN evaluations ev ON ev.establishment_id = e.establishment_id AND ev.id = e.evaluation_id
            WHERE e.establishment_id = @b AND e.code <> 'PA' AND e.code <> 'NN'
            """);
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            command.Parameters.AddWithValue("b", establishmentId);
            if (studentIds is not null)
            {
                sql.Append(" AND e.student_id = ANY(@students)");
                command.Parameters.AddWithValue("students", studentIds);
            }
            if (itemIds is not null)
            {
                sql.Append(" AND e.item_id = ANY(@items)");
                command.Parameters.AddWithValue("items", itemIds);
            }
            if (to is { } upper)
            {
                sql.Append(" AND ev.date <= @to");
                command.Parameters.AddWithValue("to", upper);
            }
            if (visibleUntil is { } today)
            {
                // Students and parents: only evaluations visible from today on.
                sql.Append(" AND ev.visible_date <= @today");
                command.Parameters.AddWithValue("today", today);
            }
            command.CommandText = sql.ToString();
            var rows = new List<EntryRow>(1024);
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    rows.Add(new EntryRow(reader.GetGuid(0), reader.GetInt64(1), reader.GetFieldValue<DateOnly>(2), reader.GetInt64(3), reader.GetString(4)));
                }
            }
            rows.Sort(static (a, b) =>
            {
                int c = a.StudentId.CompareTo(b.StudentId);
                if (c != 0)
                {
                    return c;
                }
                c = a.ItemId.CompareTo(b.ItemId);
                if (c != 0)
                {
                    return c;
                }
                c = a.Date.CompareTo(b.Date);
                return c != 0 ? c : a.EvaluationId.CompareTo(b.EvaluationId);
            });
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
