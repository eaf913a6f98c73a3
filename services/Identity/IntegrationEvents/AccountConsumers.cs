using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sacoche.Contracts;
using Sacoche.Identity.Application.Accounts;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Domain.Cas;
using Sacoche.Identity.Infrastructure;

namespace Sacoche.Identity.IntegrationEvents;

/// <summary>
/// Creates or updates the account of an imported user. Idempotent and order-safe: a snapshot
/// whose version is not newer than the account's is ignored. The initial password is generated
/// here (cheap) and hashed later in the background (expensive).
/// </summary>
public sealed class UserImportedConsumer(IdentityDbContext db, AccountService accounts, TimeProvider clock, ILogger<UserImportedConsumer> logger) : IConsumer<UserImported>
{
    public async Task Consume(ConsumeContext<UserImported> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var establishment = await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.BaseId == m.EstablishmentId, ct)
            ?? throw new InvalidOperationException($"Unknown establishment {m.EstablishmentId}");
        // Another version of this user in flight is applied before or after this one, never at once.
        await AccountLocks.LockAccountAsync(db, m.UserId, ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.EstablishmentId == m.EstablishmentId && a.Id == m.UserId, ct);
        if (account is not null && account.Version >= m.Version)
        {
            return;
        }
        var created = account is null;
        if (account is null)
        {
            account = new Account
            {
                EstablishmentId = m.EstablishmentId,
                Id = m.UserId,
                Profile = m.Profile,
                LastName = m.LastName,
                FirstName = m.FirstName,
                Login = "", // chosen last, below
                PendingPassword = accounts.ProtectPassword(Credentials.NewPassword()),
                CreatedAt = clock.GetUtcNow(),
            };
            db.Accounts.Add(account);
        }
        account.Profile = m.Profile;
        account.LastName = m.LastName;
        account.FirstName = m.FirstName;
        var entId = string.IsNullOrWhiteSpace(m.EntId) ? null : m.EntId.Trim();
        var folded = entId is null ? null : IdEntComparer.Normalize(entId);
        // An ENT id (folded) belongs to one account per establishment: Import refuses duplicates in its
        // report; should one still arrive, the account keeps its previous id rather than share it.
        if (folded is not null && folded != account.EntIdNormalized
            && await db.Accounts.AnyAsync(a => a.EstablishmentId == m.EstablishmentId && a.EntIdNormalized == folded && a.Id != m.UserId, ct))
        {
            logger.LogWarning("ENT id of account {AccountId} not applied: another account of establishment {BaseId} holds it", m.UserId, m.EstablishmentId);
        }
        else
        {
            account.EntId = entId;
            account.EntIdNormalized = folded;
        }
        account.ExitDate = m.ExitDate;
        account.Version = m.Version;
        if (created)
        {
            // Namesakes imported at once wait for each other here rather than collide on the unique
            // index; chosen last, the lock is held only from this query to the commit.
            account.Login = await AccountLocks.ChooseLoginAsync(db, m.EstablishmentId,
                Credentials.LoginFromTemplate(establishment.LoginTemplate, m.FirstName, m.LastName), ct);
        }
        // The locks leave the unique indexes nothing to refuse but an ENT id sent twice at once
        // (Import refuses those): that one fails and is retried, and the retry keeps the previous id.
        await db.SaveChangesAsync(ct);
    }
}

public sealed class UserRetiredConsumer(IdentityDbContext db) : IConsumer<UserRetired>
{
    public async Task Consume(ConsumeContext<UserRetired> context)
    {
        var m = context.Message;
        await AccountLocks.LockAccountAsync(db, m.UserId, context.CancellationToken);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.EstablishmentId == m.EstablishmentId && a.Id == m.UserId, context.CancellationToken);
        if (account is null || account.Version >= m.Version)
        {
            return;
        }
        account.ExitDate = m.ExitDate;
        account.Version = m.Version;
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
