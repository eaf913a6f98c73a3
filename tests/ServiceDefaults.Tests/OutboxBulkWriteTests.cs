using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sacoche.Contracts;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.Testing.Infrastructure;
using Xunit;

namespace Sacoche.ServiceDefaults.Tests;

/// <summary>The outbox's bulk write, for set-based writers on a raw connection: transactional, ordered, then relayed.</summary>
public sealed class OutboxBulkWriteTests(OutboxHost fixture) : IClassFixture<OutboxHost>
{
    private Task<List<OutboxMessage>> RowsAsync(IEnumerable<Guid> ids) => fixture.WithDbAsync(async db =>
    {
        var wanted = ids.ToHashSet();
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => wanted.Contains(m.Id)).OrderBy(m => m.Sequence).ToListAsync();
    });

    private Task WriteAsync(IReadOnlyList<OutboxMessage> messages, bool commit) => fixture.WithDbAsync(async db =>
    {
        await db.Database.OpenConnectionAsync();
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.WriteOutboxMessagesAsync(tx, messages);
        if (commit)
        {
            await tx.CommitAsync();
        }

        return 0;
    });

    private static List<OutboxMessage> Messages(int count) => Enumerable.Range(0, count)
        .Select(i => OutboxExtensions.CreateOutboxMessage(new UserRetired(1, Guid.NewGuid(), i + 1, new DateOnly(2026, 7, 4))))
        .ToList();

    [Fact]
    public async Task Messages_written_in_bulk_keep_their_order_and_are_published_after_the_commit()
    {
        var messages = Messages(5);
        await WriteAsync(messages, commit: true);

        var rows = await RowsAsync(messages.Select(m => m.Id));
        Assert.Equal(messages.Select(m => m.Id), rows.Select(r => r.Id));
        Assert.Equal(messages.Select(m => m.Type), rows.Select(r => r.Type));
        Assert.All(rows, r => Assert.Equal(0, r.Attempts));
        Assert.True(await TestServers.EventuallyAsync(async () => (await RowsAsync(messages.Select(m => m.Id))).All(r => r.SentAt != null), TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Messages_of_a_rolled_back_transaction_are_never_written()
    {
        var messages = Messages(3);
        await WriteAsync(messages, commit: false);
        Assert.Empty(await RowsAsync(messages.Select(m => m.Id)));
    }
}
