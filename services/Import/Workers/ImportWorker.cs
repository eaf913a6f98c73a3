using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using Sacoche.Import.Infrastructure;

namespace Sacoche.Import.Workers;

/// <summary>Wakes the worker of this instance right after an upload (other instances find the row at their next poll).</summary>
public sealed class ImportQueue
{
    private readonly Channel<bool> signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => signal.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await signal.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // timeout: poll
        }
    }
}

/// <summary>
/// Parses uploaded files in the background. Rows are claimed with FOR UPDATE SKIP LOCKED, so any
/// number of instances share the work; a claim left by a crashed instance is taken again after
/// <see cref="ImportOptions.ClaimTimeout"/>, at most three times.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, ImportQueue queue, IOptions<ImportOptions> options, ILogger<ImportWorker> logger) : BackgroundService
{
    private const int MaxAttempts = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ClaimAsync(stoppingToken) is { } job)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var processor = scope.ServiceProvider.GetRequiredService<ImportProcessor>();
                    await processor.ProcessAsync(job.EstablishmentId, job.Id, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Database unreachable, tables not migrated yet…: keep polling.
                logger.LogWarning("Import worker pass failed ({ExceptionType}); retrying", ex.GetType().Name);
            }

            await queue.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    private async Task<(int EstablishmentId, Guid Id)?> ClaimAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using (var fail = new NpgsqlCommand("""
            UPDATE imports SET status = 'failed', progress = 100,
                errors = '[{"type":"https://sacoche.fr/problems/internal","title":"Erreur interne","detail":"L''analyse de ce fichier a échoué plusieurs fois : importez-le de nouveau, et si l''erreur persiste, contactez l''assistance."}]'
            WHERE status = 'parsing' AND attempts >= @max AND claimed_at < now() - @timeout
            """, conn))
        {
            fail.Parameters.AddWithValue("max", MaxAttempts);
            fail.Parameters.AddWithValue("timeout", options.Value.ClaimTimeout);
            await fail.ExecuteNonQueryAsync(ct);
        }

        await using var cmd = new NpgsqlCommand("""
            UPDATE imports SET status = 'parsing', progress = 5, claimed_at = now(), attempts = attempts + 1
            WHERE (establishment_id, id) IN (
                SELECT establishment_id, id FROM imports
                WHERE status = 'pending' OR (status = 'parsing' AND claimed_at < now() - @timeout AND attempts < @max)
                ORDER BY created_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING establishment_id, id
            """, conn);
        cmd.Parameters.AddWithValue("max", MaxAttempts);
        cmd.Parameters.AddWithValue("timeout", options.Value.ClaimTimeout);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetInt32(0), r.GetGuid(1)) : null;
    }
}
