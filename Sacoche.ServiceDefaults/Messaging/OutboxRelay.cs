using System.Diagnostics.Metrics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sacoche.ServiceDefaults.Messaging;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 1000;
    /// <summary>How many publishes are awaited together (publisher confirms are per message).</summary>
    public int Concurrency { get; set; } = 128;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan KeepSent { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Publishes committed outbox rows with publisher confirms. Rows are claimed with
/// FOR UPDATE SKIP LOCKED so that several instances share the work without publishing twice;
/// a failed publish is retried with exponential backoff, never dropped.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService where TContext : DbContext
{
    private static readonly Meter Meter = new(Extensions.TelemetryPrefix + "Outbox");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("sacoche.outbox.published", description: "Events published from the outbox");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("sacoche.outbox.publish_failures", description: "Failed publish attempts (retried later)");
    private readonly OutboxOptions _options = options.Value;
    private long _backlog;
    private DateTimeOffset _lastCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Backlog = unsent rows, read once per pass (the partial index makes it cheap): the alert that matters.
        Meter.CreateObservableGauge("sacoche.outbox.backlog", () => Interlocked.Read(ref _backlog), description: "Events waiting in the outbox");
        await WaitForBusAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int published;
                do
                {
                    published = await PublishBatchAsync(stoppingToken);
                } while (published == _options.BatchSize && !stoppingToken.IsCancellationRequested);
                await CleanupAsync(stoppingToken);
                await MeasureBacklogAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Database down or similar: keep the loop alive, rows stay in the outbox.
                logger.LogWarning(ex, "Outbox relay pass failed; retrying");
            }
            try
            {
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// On a first deployment the consumers' queues are declared when the bus starts; publishing
    /// before that would route events to no queue. Waiting for a healthy bus once avoids it
    /// (queues are durable afterwards, so later outages lose nothing).
    /// </summary>
    private async Task WaitForBusAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IBusControl>();
        while (!ct.IsCancellationRequested && bus.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            await Task.Delay(200, ct);
        }
    }

    /// <summary>Publishes one batch; returns how many rows were claimed.</summary>
    public async Task<int> PublishBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var bus = scope.ServiceProvider.GetRequiredService<IBus>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = await db.Set<OutboxMessage>()
            .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NULL AND next_attempt_at <= now() ORDER BY sequence LIMIT {_options.BatchSize} FOR UPDATE SKIP LOCKED")
            .AsNoTracking()
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return 0;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.PublishTimeout);
        var sent = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var failed = new System.Collections.Concurrent.ConcurrentBag<(Guid Id, int Attempts, string Error)>();
        // Many publishes in flight: each waits for its broker confirm, so throughput comes from concurrency.
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = ct }, async (row, _) =>
        {
            try
            {
                var type = OutboxTypes.Resolve(row.Type);
                var message = JsonSerializer.Deserialize(row.Payload, type, JsonSerializerOptions.Web)!;
                await bus.Publish(message, type, ctx => ctx.MessageId = row.Id, timeout.Token);
                sent.Add(row.Id);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                failed.Add((row.Id, row.Attempts + 1, ex.GetType().Name + ": " + ex.Message));
            }
        });

        // One statement marks the whole batch sent (EF would issue one UPDATE per row).
        var sentIds = sent.ToArray();
        if (sentIds.Length > 0)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE outbox_messages SET sent_at = now() WHERE id = ANY({sentIds})", ct);
        }
        foreach (var (id, attempts, error) in failed)
        {
            var backoff = TimeSpan.FromMilliseconds(Math.Min(_options.MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempts, 16))));
            var next = DateTimeOffset.UtcNow + backoff;
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE outbox_messages SET attempts = {attempts}, next_attempt_at = {next}, last_error = {error} WHERE id = {id}", ct);
        }
        await tx.CommitAsync(ct);
        Published.Add(sentIds.Length);
        if (!failed.IsEmpty)
        {
            Failed.Add(failed.Count);
            logger.LogWarning("Outbox: {Failed} of {Count} events not published yet; will retry", failed.Count, rows.Count);
        }
        return rows.Count;
    }

    private async Task MeasureBacklogAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        Interlocked.Exchange(ref _backlog, await db.Set<OutboxMessage>().LongCountAsync(m => m.SentAt == null, ct));
    }

    private async Task CleanupAsync(CancellationToken ct)
    {
        if (DateTimeOffset.UtcNow - _lastCleanup < TimeSpan.FromHours(1))
        {
            return;
        }
        _lastCleanup = DateTimeOffset.UtcNow;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var before = DateTimeOffset.UtcNow - _options.KeepSent;
        await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < before).ExecuteDeleteAsync(ct);
        await db.Set<ProcessedMessage>().Where(m => m.ProcessedAt < before).ExecuteDeleteAsync(ct);
    }
}
