using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Infrastructure;

/// <summary>
/// Hashes initial passwords in the background, one at a time (~52 ms each), so that importing
/// thousands of accounts takes seconds; until then a pending password is checked directly.
/// </summary>
internal sealed class PasswordHasherWorker(IServiceScopeFactory scopes, IPasswordHasher<Account> hasher, IDataProtectionProvider protection,
    ILogger<PasswordHasherWorker> logger) : BackgroundService
{
    public const string Purpose = "sacoche.initial-password";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var protector = protection.CreateProtector(Purpose);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
                var batch = await db.Accounts.AsNoTracking().Where(a => a.PasswordHash == null && a.PendingPassword != null)
                    .OrderBy(a => a.CreatedAt).Take(20).ToListAsync(stoppingToken);
                if (batch.Count == 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                    continue;
                }
                foreach (var account in batch)
                {
                    var pending = account.PendingPassword!;
                    var hash = hasher.HashPassword(account, protector.Unprotect(pending));
                    // Written only if the account still waits for that very password: a reset by the
                    // administrator (or another instance's worker) meanwhile wins.
                    await db.Accounts
                        .Where(a => a.EstablishmentId == account.EstablishmentId && a.Id == account.Id && a.PasswordHash == null && a.PendingPassword == pending)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(a => a.PasswordHash, hash)
                            .SetProperty(a => a.PendingPassword, a => a.CredentialsDelivered ? null : a.PendingPassword), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Password hashing pass failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }
}
