using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Sacoche.ServiceDefaults.Messaging;

/// <summary>The service's DbContext as the inbox sees it (the filter is generic over the message only).</summary>
public sealed class InboxDatabase(DbContext db)
{
    public DbContext Db { get; } = db;
}

/// <summary>
/// Applies each message once per consumer: the MessageId is recorded in <c>processed_messages</c>
/// inside the transaction that applies the consumer's effects, so a redelivery (broker retry, relay
/// crash after publish) finds the row and is acknowledged without effect, and a failed attempt
/// leaves no row behind. Consumers therefore hold no transaction or idempotency code.
/// Shares the consumer's scope, hence its DbContext.
/// </summary>
public sealed class InboxFilter<T>(IServiceProvider services) : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        // A service without a database of its own (the UI) has no inbox: its consumers are idempotent by nature.
        if (context.MessageId is not { } messageId || services.GetService(typeof(InboxDatabase)) is not InboxDatabase inbox)
        {
            await next.Send(context);
            return;
        }
        var db = inbox.Db;
        var ct = context.CancellationToken;
        // One receive endpoint per consumer (ConfigureEndpoints): its queue name identifies the consumer.
        var consumer = context.ReceiveContext.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "default";
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.TryRegisterMessageAsync(messageId, consumer, ct))
        {
            // Already applied: acknowledged as consumed, or MassTransit would move it to the _skipped queue.
            await context.NotifyConsumed(context, TimeSpan.Zero, consumer);
            return;
        }
        await next.Send(context);
        await tx.CommitAsync(ct);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");
}
