using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Sacoche.Competences.Infrastructure;

/// <summary>Where score inputs stand: the count and the sum of the ids of change rows.</summary>
public readonly record struct ScoreStamp(long Count, long Sum);

/// <summary>An establishment's stamps: <see cref="Shared"/> for every table but the entries, and one per student whose entries changed.</summary>
public sealed record ScoreStamps(ScoreStamp Shared, IReadOnlyDictionary<Guid, ScoreStamp> Students)
{
    public ScoreStamp Of(Guid student) => Students.GetValueOrDefault(student);
}

/// <summary>
/// The <c>score_changes</c> log: statement-level triggers (migrations BilanScoreStamps, BilanStudentStamps) append one row per
/// establishment touched by any write to a table a score depends on (evaluations, referentials, roster, settings…) and, for
/// entries, one row per student whose entries changed (so a changed cell recomputes that student only). Appending
/// takes no lock that writers could queue on. Count and sum of the ids change with every committed row — also with one whose
/// id was allocated before a newer one's (ids are not given in commit order, so the maximum alone would miss it).
/// </summary>
public static class ScoreChanges
{
    public static async Task<ScoreStamps> StampsAsync(CompetencesDbContext db, int establishmentId, CancellationToken ct)
    {
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(
                "SELECT student_id, count(*), coalesce(sum(id), 0)::bigint FROM score_changes WHERE establishment_id = @b GROUP BY student_id", connection);
            command.Parameters.AddWithValue("b", establishmentId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var shared = default(ScoreStamp);
            var students = new Dictionary<Guid, ScoreStamp>();
            while (await reader.ReadAsync(ct))
            {
                var stamp = new ScoreStamp(reader.GetInt64(1), reader.GetInt64(2));
                if (reader.IsDBNull(0))
                {
                    shared = stamp;
                }
                else
                {
                    students[reader.GetGuid(0)] = stamp;
                }
            }
            return new ScoreStamps(shared, students);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Keeps only the latest row of each establishment and student (the log only needs to move); the archive worker runs it every minute.</summary>
    public static async Task<int> PruneAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            DELETE FROM score_changes c
            USING (SELECT establishment_id, student_id, max(id) AS latest FROM score_changes GROUP BY establishment_id, student_id) l
            WHERE c.establishment_id = l.establishment_id AND c.student_id IS NOT DISTINCT FROM l.student_id AND c.id < l.latest
            """, connection);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
