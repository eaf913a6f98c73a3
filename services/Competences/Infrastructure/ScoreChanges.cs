using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Sacoche.Competences.Infrastructure;

/// <summary>Where an establishment's score inputs stand: the count and the sum of the ids of its change rows.</summary>
public readonly record struct ScoreStamp(long Count, long Sum);

/// <summary>
/// The <c>score_changes</c> log: statement-level triggers (migration BilanScoreStamps) append one row per establishment
/// touched by any write to a table a score depends on (entries, evaluations, referentials, roster, settings…). Appending
/// takes no lock that writers could queue on. Count and sum of the ids change with every committed row — also with one whose
/// id was allocated before a newer one's (ids are not given in commit order, so the maximum alone would miss it).
/// </summary>
public static class ScoreChanges
{
    public static async Task<ScoreStamp> StampAsync(CompetencesDbContext db, int establishmentId, CancellationToken ct)
    {
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand("SELECT count(*), coalesce(sum(id), 0)::bigint FROM score_changes WHERE establishment_id = @b", connection);
            command.Parameters.AddWithValue("b", establishmentId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new ScoreStamp(reader.GetInt64(0), reader.GetInt64(1));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Keeps only each establishment's latest row (the log only needs to move); the archive worker runs it every minute.</summary>
    public static async Task<int> PruneAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            DELETE FROM score_changes c
            USING (SELECT establishment_id, max(id) AS latest FROM score_changes GROUP BY establishment_id) l
            WHERE c.establishment_id = l.establishment_id AND c.id < l.latest
            """, connection);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
