using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sacoche.Contracts;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.Testing.Infrastructure;
using Xunit;

namespace Sacoche.ServiceDefaults.Tests;

// A tiny service: a table of retirements it owns, the outbox, and a consumer that applies
// UserRetired idempotently into another table — the same shapes the real services use.
public sealed class Retirement
{
    public Guid UserId { get; set; }
    public DateOnly ExitDate { get; set; }
}

public sealed class AppliedRetirement
{
    public Guid UserId { get; set; }
    public int Applications { get; set; }
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Retirement> Retirements => Set<Retirement>();
    public DbSet<AppliedRetirement> Applied => Set<AppliedRetirement>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutbox();
        modelBuilder.Entity<Retirement>().HasKey(r => r.UserId);
        modelBuilder.Entity<AppliedRetirement>().HasKey(r => r.UserId);
    }
}

public sealed class UserRetiredConsumer(TestDbContext db) : IConsumer<UserRetired>
{
    public async Task Consume(ConsumeContext<UserRetired> context)
    {
        // No idempotency code here: the inbox filter skips a redelivered MessageId.
        var row = await db.Applied.FindAsync([context.Message.UserId], context.CancellationToken);
        if (row is null)
        {
            db.Applied.Add(new AppliedRetirement { UserId = context.Message.UserId, Applications = 1 });
        }
        else
        {
            row.Applications++;
        }
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class OutboxHost : IAsyncLifetime
{
    public IHost Host { get; private set; } = null!;
    private string _database = "";
    private string _vhost = "";

    public string BrokerUri => _vhost;

    public async Task InitializeAsync()
    {
        _database = await TestServers.CreateDatabaseAsync("outbox");
        _vhost = await TestServers.CreateVirtualHostAsync("outbox");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:testdb"] = _database,
            ["ConnectionStrings:rabbitmq"] = _vhost,
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:MaxBackoff"] = "00:00:01",
            ["Outbox:PublishTimeout"] = "00:00:02",
        });
        builder.AddSacocheDbContext<TestDbContext>("testdb");
        builder.AddSacocheMessaging<TestDbContext>("outboxtest", typeof(OutboxHost).Assembly);
        Host = builder.Build();
        // No migrations for this test-only model: create its tables before the host starts.
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        }
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await TestServers.DropDatabaseAsync(_database);
        await TestServers.DeleteVirtualHostAsync(_vhost);
    }

    public async Task<T> WithDbAsync<T>(Func<TestDbContext, Task<T>> action)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TestDbContext>());
    }
}

[CollectionDefinition("broker-outage", DisableParallelization = true)]
public sealed class BrokerOutageCollection;

[Collection("broker-outage")]
public sealed class OutboxTests(OutboxHost fixture) : IClassFixture<OutboxHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static UserRetired Event(Guid id) => new(1, id, 1, new DateOnly(2026, 7, 4));

    private Task<int> AppliedCountAsync(Guid id) => fixture.WithDbAsync(async db =>
        (await db.Applied.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == id))?.Applications ?? 0);

    // Payload is jsonb: filter in memory (the test outbox holds a handful of rows).
    private Task<List<OutboxMessage>> RowsAboutAsync(Guid id) => fixture.WithDbAsync(async db =>
        (await db.Set<OutboxMessage>().AsNoTracking().ToListAsync()).Where(m => m.Payload.Contains(id.ToString(), StringComparison.Ordinal)).ToList());

    private async Task<bool> SentAsync(Guid id) => (await RowsAboutAsync(id)).Any(m => m.SentAt != null);

    private Task RetireAsync(Guid id, bool commit) => fixture.WithDbAsync(async db =>
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Retirements.Add(new Retirement { UserId = id, ExitDate = new DateOnly(2026, 7, 4) });
        db.AddOutboxMessage(Event(id));
        await db.SaveChangesAsync();
        if (commit)
        {
            await tx.CommitAsync();
        }
        else
        {
            await tx.RollbackAsync();
        }
        return true;
    });

    [Fact]
    public async Task Committed_change_is_published_and_applied_once()
    {
        var id = Guid.NewGuid();
        await RetireAsync(id, commit: true);
        Assert.True(await TestServers.EventuallyAsync(async () => await AppliedCountAsync(id) == 1, Timeout));
        Assert.True(await SentAsync(id));
    }

    [Fact]
    public async Task Rolled_back_change_publishes_nothing()
    {
        var rolledBack = Guid.NewGuid();
        var committed = Guid.NewGuid();
        await RetireAsync(rolledBack, commit: false);
        await RetireAsync(committed, commit: true);
        // Once the later committed event is applied, the relay has passed the rolled-back one too.
        Assert.True(await TestServers.EventuallyAsync(async () => await AppliedCountAsync(committed) == 1, Timeout));
        Assert.Equal(0, await AppliedCountAsync(rolledBack));
        Assert.Empty(await RowsAboutAsync(rolledBack));
    }

    [Fact]
    public async Task Redelivered_message_is_applied_once()
    {
        var id = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var bus = fixture.Host.Services.GetRequiredService<IBus>();
        // The same MessageId twice, as a broker redelivery or a relay crash after publish would do.
        await bus.Publish(Event(id), ctx => ctx.MessageId = messageId);
        await bus.Publish(Event(id), ctx => ctx.MessageId = messageId);
        var other = Guid.NewGuid();
        await bus.Publish(Event(other));
        Assert.True(await TestServers.EventuallyAsync(async () => await AppliedCountAsync(id) == 1 && await AppliedCountAsync(other) == 1, Timeout));
        await Task.Delay(500);
        Assert.Equal(1, await AppliedCountAsync(id));
        // The duplicate was acknowledged as consumed, not parked in a _skipped queue (created on first use).
        Assert.DoesNotContain((await TestServers.QueueDepthsAsync(fixture.BrokerUri)).Keys, q => q.EndsWith("_skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Event_written_while_broker_is_down_is_delivered_once_after_it_returns()
    {
        var id = Guid.NewGuid();
        await TestServers.StopRabbitMqAsync();
        try
        {
            await RetireAsync(id, commit: true);
            // The relay tries and fails while the broker is down: the row stays, unsent.
            Assert.True(await TestServers.EventuallyAsync(async () =>
                (await RowsAboutAsync(id)).Any(m => m.SentAt == null && m.Attempts > 0), Timeout));
            Assert.Equal(0, await AppliedCountAsync(id));
        }
        finally
        {
            await TestServers.StartRabbitMqAsync();
        }
        Assert.True(await TestServers.EventuallyAsync(async () => await AppliedCountAsync(id) == 1, TimeSpan.FromSeconds(90)));
        await Task.Delay(1000);
        Assert.Equal(1, await AppliedCountAsync(id));
        Assert.True(await SentAsync(id));
    }
}
