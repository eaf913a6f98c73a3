using System.Threading.RateLimiting;
using Sacoche.Identity.Extensions;

namespace Sacoche.Identity.Infrastructure;

/// <summary>
/// <c>/sso/callback</c> is anonymous and each call makes Identity fetch the establishment's CAS
/// server: bounded per client IP and per establishment (fixed one-minute windows).
/// </summary>
public sealed class CasCallbackLimiter(CasOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perIp = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetFixedWindowLimiter(ip, _ => Window(options.CallbacksPerIpPerMinute)));

    private readonly PartitionedRateLimiter<string> _perEstablishment = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(options.CallbacksPerEstablishmentPerMinute)));

    /// <summary>Whether this callback may go on; a refused one costs the caller nothing more.</summary>
    public bool TryAcquire(string? ip, int baseId)
    {
        using var byIp = _perIp.AttemptAcquire(ip ?? "unknown");
        if (!byIp.IsAcquired)
        {
            return false;
        }
        using var byEstablishment = _perEstablishment.AttemptAcquire(baseId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return byEstablishment.IsAcquired;
    }

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    public void Dispose()
    {
        _perIp.Dispose();
        _perEstablishment.Dispose();
    }
}
