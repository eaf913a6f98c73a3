using Npgsql;
using Sacoche.Competences.Application.Bilans;

namespace Sacoche.Competences.Infrastructure;

/// <summary>
/// Runs the archive jobs of every establishment (docs/domain/bilans.md). Jobs are claimed from the database with
/// FOR UPDATE SKIP LOCKED, so a restart resumes them and several instances share them; a running job whose worker
/// has not saved a student for <see cref="StaleAfter"/> (a crashed instance) is taken again and goes on from the
/// students not yet archived. It also prunes the score-change log every minute.
/// </summary>
public sealed class ArchiveWorker(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, ArchiveQueue queue, IConfiguration configuration, ILogger<ArchiveWorker> logger)
    : BackgroundService
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = configuration.GetValue("Bulletins:PollInterval", TimeSpan.FromSeconds(10));
        var pruned = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The score-change log (the bilan cache's stamp) only needs each establishment's latest row.
                if (DateTimeOffset.UtcNow - pruned > TimeSpan.FromMinutes(1))
                {
                    await ScoreChanges.PruneAsync(dataSource, stoppingToken);
                    pruned = DateTimeOffset.UtcNow;
                }
                while (await ClaimAsync(stoppingToken) is { } job)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ArchiveService>().ProcessAsync(job.EstablishmentId, job.Id, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Database unreachable, tables not migrated yet…: keep polling.
                logger.LogWarning("Archive worker pass failed ({ExceptionType}); retrying", ex.GetType().Name);
            }
            await queue.WaitAsync(poll, stoppingToken);
        }
    }

    /// <summary>Marks the oldest pending (or stale running) job as running and returns it.</summary>
    private async Task<(int EstablishmentId, long Id)?> ClaimAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            UPDATE bilan_archive_jobs SET status = 'running', claimed_at = now()
            WHERE (establishment_id, id) IN (
                SELECT establishment_id, id FROM bilan_archive_jobs
                WHERE status = 'pending' OR (status = 'running' AND (claimed_at IS NULL OR claimed_at < now() - @stale))
                ORDER BY created_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING establishment_id, id
            """, conn);
        cmd.Parameters.AddWithValue("stale", StaleAfter);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetInt32(0), r.GetInt64(1)) : null;
    }
}
