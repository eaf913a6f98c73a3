using Microsoft.EntityFrameworkCore;
using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Infrastructure;

/// <summary>
/// Transaction-scoped advisory locks that serialise the writers of one account, and the creators of
/// accounts that could be given the same login, so that the unique indexes never have to decide
/// (issue 20: an import's parallel consumers used to collide on them and retry). Taken inside the
/// consumer's transaction (the inbox gives it one), released at its commit or rollback. Always in
/// this order, account then login, at most one of each: two consumers cannot wait on each other.
/// The two-key form keeps them apart from the other advisory locks (single bigint keys).
/// </summary>
public static class AccountLocks
{
    /// <summary>Waits for any other delivery about this user (another version of it) to commit.</summary>
    public static Task LockAccountAsync(IdentityDbContext db, Guid userId, CancellationToken ct)
    {
        string key = userId.ToString("N");
        return db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext('identity-account'), hashtext({key}))", ct);
    }

    /// <summary>
    /// A free login of the establishment for <paramref name="login"/> (the template's), suffixed 2, 3… as
    /// <see cref="Credentials.MakeUnique"/> does, under a lock on its <see cref="Credentials.LoginStem"/>:
    /// every creation that could end on the same login waits for this transaction. The lock is held until
    /// the commit, so the caller inserts the account in the same transaction.
    /// </summary>
    public static async Task<string> ChooseLoginAsync(IdentityDbContext db, int establishmentId, string login, CancellationToken ct)
    {
        string key = $"{establishmentId}:{Credentials.LoginStem(login)}";
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext('identity-login'), hashtext({key}))", ct);
        var taken = await db.Accounts.Where(a => a.EstablishmentId == establishmentId && a.Login.StartsWith(login))
            .Select(a => a.Login).ToListAsync(ct);
        var takenSet = taken.ToHashSet(StringComparer.Ordinal);
        return Credentials.MakeUnique(login, takenSet.Contains);
    }

    /// <summary>Serialises the changes to the establishment's administrators (the last active one must stay).</summary>
    public static Task LockAdministratorsAsync(IdentityDbContext db, int establishmentId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext('identity-admins'), {establishmentId})", ct);
}
