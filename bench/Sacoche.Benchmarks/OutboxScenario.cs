using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sacoche.Contracts;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.Benchmarks;

public sealed class OutboxBenchDbContext(DbContextOptions<OutboxBenchDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutbox();
}

public sealed class CountingConsumer : IConsumer<UserRetired>
{
    public static int Count;

    public Task Consume(ConsumeContext<UserRetired> context)
    {
        Interlocked.Increment(ref Count);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The outbox relay alone: N events committed in one transaction (an import's worth), time until
/// every one is published with confirms, and until every one is consumed.
/// </summary>
public static class OutboxScenario
{
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(int events, int runs)
    {
        var database = await TestServers.CreateDatabaseAsync("bench_outbox");
        var vhost = await TestServers.CreateVirtualHostAsync("bench-outbox");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:benchdb"] = database,
            ["ConnectionStrings:rabbitmq"] = vhost,
        });
        builder.AddSacocheDbContext<OutboxBenchDbContext>("benchdb");
        builder.AddSacocheMessaging<OutboxBenchDbContext>("bench", typeof(CountingConsumer).Assembly);
        using var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxBenchDbContext>().Database.EnsureCreatedAsync();
        }
        await host.StartAsync();

        var published = new List<double>();
        var consumed = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            CountingConsumer.Count = 0;
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OutboxBenchDbContext>();
            for (var i = 0; i < events; i++)
            {
                db.AddOutboxMessage(new UserRetired(1, Guid.NewGuid(), 1, new DateOnly(2026, 7, 4)));
            }
            await db.SaveChangesAsync();
            var sw = Stopwatch.StartNew();
            var sentAt = 0.0;
            while (sw.Elapsed < TimeSpan.FromMinutes(2))
            {
                if (sentAt == 0 && !await db.Set<OutboxMessage>().AnyAsync(m => m.SentAt == null))
                {
                    sentAt = sw.Elapsed.TotalMilliseconds;
                }
                if (Volatile.Read(ref CountingConsumer.Count) >= events)
                {
                    break;
                }
                await Task.Delay(10);
            }
            published.Add(sentAt);
            consumed.Add(sw.Elapsed.TotalMilliseconds);
        }
        await host.StopAsync();
        await TestServers.DropDatabaseAsync(database);
        await TestServers.DeleteVirtualHostAsync(vhost);
        published.Sort();
        consumed.Sort();
        var p50 = Stats.Percentile(published, 50);
        return
        [
            new("2/4", $"outbox: {events} events committed → all published (confirms)", "floor ≈ 0.7–0.9 s for 5,650 (docs/architecture.md)", Stats.Ms(p50), Stats.Ms(published[^1]),
                $"{events / (p50 / 1000):0} events/s; {runs} runs, max shown as p95"),
            new("2/4", $"outbox: {events} events committed → all consumed", "—", Stats.Ms(Stats.Percentile(consumed, 50)), Stats.Ms(consumed[^1]), ""),
        ];
    }
}
