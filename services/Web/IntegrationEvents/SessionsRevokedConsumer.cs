using MassTransit;
using Sacoche.Contracts;
using Sacoche.Web.Auth;

namespace Sacoche.Web.IntegrationEvents;

/// <summary>
/// Identity ended sessions: the UI's matching ones go, so their next request signs in again (on a
/// shared computer, the next pupil never finds the previous one's session). Deleting is idempotent,
/// and only sessions opened before the revocation go: a late or repeated delivery is harmless.
/// </summary>
public sealed class SessionsRevokedConsumer(TokenStore store, ILogger<SessionsRevokedConsumer> logger) : IConsumer<SessionsRevoked>
{
    public async Task Consume(ConsumeContext<SessionsRevoked> context)
    {
        var m = context.Message;
        var ended = await store.RevokeAsync(m.EstablishmentId, m.AccountId, m.RevokedAt, context.CancellationToken);
        logger.LogInformation("{Count} UI session(s) of establishment {BaseId} ended ({Reason})", ended, m.EstablishmentId, m.Reason);
    }
}
