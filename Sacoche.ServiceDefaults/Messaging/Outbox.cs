using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Sacoche.ServiceDefaults.Messaging;

/// <summary>
/// An integration event waiting to be published. Written in the same transaction as the state
/// change it announces; <see cref="Id"/> becomes the MassTransit MessageId, so a consumer can
/// recognise a redelivery.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public long Sequence { get; set; }
    public required string Type { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

/// <summary>A message a consumer has applied; its primary key makes the second delivery a no-op.</summary>
public sealed class ProcessedMessage
{
    public Guid MessageId { get; set; }
    public required string Consumer { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}

public static class OutboxExtensions
{
    /// <summary>Maps <c>outbox_messages</c> and <c>processed_messages</c>; call from OnModelCreating.</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Sequence).UseIdentityAlwaysColumn();
            e.Property(m => m.Type).HasMaxLength(200);
            e.Property(m => m.Payload).HasColumnType("jsonb");
            // The relay's only query: unsent rows due now, in order.
            e.HasIndex(m => new { m.NextAttemptAt, m.Sequence }).HasFilter("sent_at IS NULL");
        });
        modelBuilder.Entity<ProcessedMessage>(e =>
        {
            e.ToTable("processed_messages");
            e.HasKey(m => new { m.MessageId, m.Consumer });
            e.Property(m => m.Consumer).HasMaxLength(200);
        });
        return modelBuilder;
    }

    /// <summary>Stages an event in the outbox; it is published only if the surrounding SaveChanges/transaction commits.</summary>
    public static OutboxMessage AddOutboxMessage<T>(this DbContext db, T message) where T : class
    {
        var row = CreateOutboxMessage(message);
        db.Set<OutboxMessage>().Add(row);
        return row;
    }

    public static OutboxMessage CreateOutboxMessage<T>(T message) where T : class
    {
        var now = DateTimeOffset.UtcNow;
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            Type = OutboxTypes.NameOf(message.GetType()),
            Payload = JsonSerializer.Serialize(message, message.GetType(), JsonSerializerOptions.Web),
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>
    /// Stages many messages in one statement, for set-based writers that use the connection and
    /// transaction directly instead of a DbContext; published only if <paramref name="transaction"/>
    /// commits. Rows keep the list's order (their <c>sequence</c>, hence the publication order).
    /// </summary>
    public static async Task WriteOutboxMessagesAsync(this NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand("""
            INSERT INTO outbox_messages (id, type, payload, created_at, next_attempt_at, attempts)
            SELECT i, t, p::jsonb, c, n, a FROM unnest(@i, @t, @p, @c, @n, @a) WITH ORDINALITY AS u(i, t, p, c, n, a, o) ORDER BY o
            """, connection, transaction);
        cmd.Parameters.AddWithValue("i", messages.Select(m => m.Id).ToArray());
        cmd.Parameters.AddWithValue("t", messages.Select(m => m.Type).ToArray());
        cmd.Parameters.AddWithValue("p", messages.Select(m => m.Payload).ToArray());
        cmd.Parameters.AddWithValue("c", messages.Select(m => m.CreatedAt.ToUniversalTime()).ToArray());
        cmd.Parameters.AddWithValue("n", messages.Select(m => m.NextAttemptAt.ToUniversalTime()).ToArray());
        cmd.Parameters.AddWithValue("a", messages.Select(m => m.Attempts).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Records that <paramref name="consumer"/> handled <paramref name="messageId"/>. Returns false
    /// when it already did: call inside the transaction that applies the message's effects.
    /// </summary>
    public static async Task<bool> TryRegisterMessageAsync(this DbContext db, Guid messageId, string consumer, CancellationToken ct = default)
    {
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO processed_messages (message_id, consumer, processed_at) VALUES ({messageId}, {consumer}, now()) ON CONFLICT DO NOTHING",
            ct);
        return inserted == 1;
    }
}

/// <summary>Only integration contracts may travel through the outbox: names resolve inside Sacoche.Contracts.</summary>
public static class OutboxTypes
{
    private static readonly System.Reflection.Assembly Contracts = typeof(Sacoche.Contracts.UserImported).Assembly;

    public static string NameOf(Type type) => type.Assembly == Contracts
        ? type.FullName!
        : throw new ArgumentException($"{type} is not an integration contract of Sacoche.Contracts", nameof(type));

    public static Type Resolve(string name) => Contracts.GetType(name, throwOnError: true)!;
}

/// <summary>Wakes the relay right after a commit, so events leave within milliseconds instead of at the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();
}
