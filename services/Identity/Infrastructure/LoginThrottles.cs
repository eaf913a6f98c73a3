using Microsoft.EntityFrameworkCore;

namespace Sacoche.Identity.Infrastructure;

/// <summary>
/// Failure counters of sign-in keys (one login of one establishment, one client IP), updated
/// atomically in SQL: parallel wrong passwords each count, whatever the instance.
/// </summary>
public sealed class LoginThrottles(IdentityDbContext db)
{
    public sealed record State(string Key, int Failures, DateTimeOffset LastFailureAt);

    public async Task<IReadOnlyList<State>> ReadAsync(IReadOnlyList<string> keys, DateTimeOffset since, CancellationToken ct) =>
        await db.LoginThrottles.AsNoTracking()
            .Where(t => keys.Contains(t.Key) && t.LastFailureAt > since)
            .Select(t => new State(t.Key, t.Failures, t.LastFailureAt))
            .ToListAsync(ct);

    /// <summary>One more failure for each key; a counter idle since <paramref name="forgetBefore"/> starts again at 1.</summary>
    public async Task RecordFailureAsync(IReadOnlyList<string> keys, DateTimeOffset now, DateTimeOffset forgetBefore, CancellationToken ct)
    {
        foreach (var key in keys)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO login_throttles (key, failures, last_failure_at) VALUES ({key}, 1, {now})
                ON CONFLICT (key) DO UPDATE SET
                  failures = CASE WHEN login_throttles.last_failure_at < {forgetBefore} THEN 1 ELSE login_throttles.failures + 1 END,
                  last_failure_at = EXCLUDED.last_failure_at
                """, ct);
        }
    }

    public Task ClearAsync(string key, CancellationToken ct) =>
        db.LoginThrottles.Where(t => t.Key == key).ExecuteDeleteAsync(ct);

    /// <summary>Counters idle for longer than the window: nothing left to slow down.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct) =>
        db.LoginThrottles.Where(t => t.LastFailureAt < before).ExecuteDeleteAsync(ct);
}
