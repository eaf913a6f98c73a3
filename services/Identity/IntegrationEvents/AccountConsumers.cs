using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sacoche.Contracts;
using Sacoche.Identity.Apis;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Domain.Cas;
using Sacoche.Identity.Infrastructure;

namespace Sacoche.Identity.IntegrationEvents;

/// <summary>
/// Creates or updates the account of an imported user. Idempotent and order-safe: a snapshot
/// whose version is not newer than the account's is ignored. The initial password is generated
/// here (cheap) and hashed later in the background (expensive).
/// </summary>
public sealed class UserImportedConsumer(IdentityDbContext db, AccountService accounts, TimeProvider clock) : IConsumer<UserImported>
{
    public async Task Consume(ConsumeContext<UserImported> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var establishment = await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.BaseId == m.EstablishmentId, ct)
            ?? throw new InvalidOperationException($"Unknown establishment {m.EstablishmentId}");
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.EstablishmentId == m.EstablishmentId && a.Id == m.UserId, ct);
        if (account is not null && account.Version >= m.Version)
        {
            return;
        }
        if (account is null)
        {
            var login = Credentials.LoginFromTemplate(establishment.LoginTemplate, m.FirstName, m.LastName);
            var taken = await db.Accounts.Where(a => a.EstablishmentId == m.EstablishmentId && a.Login.StartsWith(login))
                .Select(a => a.Login).ToListAsync(ct);
            var takenSet = taken.ToHashSet(StringComparer.Ordinal);
            account = new Account
            {
                EstablishmentId = m.EstablishmentId, Id = m.UserId, Profile = m.Profile, LastName = m.LastName, FirstName = m.FirstName,
                Login = Credentials.MakeUnique(login, takenSet.Contains),
                PendingPassword = accounts.ProtectPassword(Credentials.NewPassword()),
                CreatedAt = clock.GetUtcNow(),
            };
            db.Accounts.Add(account);
        }
        account.Profile = m.Profile;
        account.LastName = m.LastName;
        account.FirstName = m.FirstName;
        account.EntId = string.IsNullOrWhiteSpace(m.EntId) ? null : m.EntId.Trim();
        account.EntIdNormalized = account.EntId is null ? null : IdEntComparer.Normalize(account.EntId);
        account.ExitDate = m.ExitDate;
        account.Version = m.Version;
        // A concurrent delivery that created the same account or login first makes this throw;
        // MassTransit's retry then reads the winner and finds nothing newer to apply.
        await db.SaveChangesAsync(ct);
    }
}

public sealed class UserRetiredConsumer(IdentityDbContext db) : IConsumer<UserRetired>
{
    public async Task Consume(ConsumeContext<UserRetired> context)
    {
        var m = context.Message;
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
