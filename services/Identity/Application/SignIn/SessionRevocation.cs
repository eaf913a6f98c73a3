using Microsoft.EntityFrameworkCore;
using Sacoche.Contracts;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Infrastructure;
using Sacoche.ServiceDefaults.Messaging;

namespace Sacoche.Identity.Application.SignIn;

/// <summary>
/// Ends sessions: Identity's cookie and refresh tokens check the account's revocation instant (or
/// the establishment's state) on their next use; the UI learns it from <see cref="SessionsRevoked"/>
/// (outbox, same transaction) and ends its own sessions on their next request.
/// </summary>
public static class SessionRevocation
{
    /// <summary>Marks the account; the caller saves (the event leaves with the change).</summary>
    public static void RevokeAccount(IdentityDbContext db, Account account, DateTimeOffset now, string reason)
    {
        account.SessionsRevokedAt = now;
        db.AddOutboxMessage(new SessionsRevoked(account.EstablishmentId, account.Id, now, reason));
    }

    /// <summary>Every session of the establishment (deactivation); the caller saves.</summary>
    public static void RevokeEstablishment(IdentityDbContext db, int baseId, DateTimeOffset now, string reason) =>
        db.AddOutboxMessage(new SessionsRevoked(baseId, null, now, reason));

    /// <summary>
    /// Is a session of <paramref name="accountId"/> authenticated at <paramref name="authenticatedAt"/> still alive:
    /// account known and active, establishment active, not revoked since, within the absolute lifetime.
    /// </summary>
    public static async Task<Account?> LiveAccountAsync(IdentityDbContext db, Guid accountId, DateTimeOffset? authenticatedAt,
        DateTimeOffset now, DateOnly today, TimeSpan absoluteLifetime, CancellationToken ct)
    {
        if (authenticatedAt is not { } at || now - at > absoluteLifetime)
        {
            return null;
        }
        var found = await db.Accounts.AsNoTracking()
            .Where(a => a.Id == accountId)
            .Select(a => new { Account = a, Active = db.Establishments.Any(e => e.BaseId == a.EstablishmentId && e.Active) })
            .FirstOrDefaultAsync(ct);
        return found is { Active: true } && found.Account.CanSignIn(today) && !found.Account.RevokedSince(at) ? found.Account : null;
    }
}
