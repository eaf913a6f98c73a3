using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Extensions;
using Sacoche.Identity.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Application.Framing;

/// <summary>
/// The ENT origin of each establishment: the origin (<c>scheme://host[:port]</c>) of its CAS server,
/// for an active establishment in CAS mode with valid settings; the only other site allowed to frame
/// its pages (<see cref="FramePolicy"/>). One query loads every establishment's origin, kept
/// <see cref="CacheDuration"/>: an unknown base costs nothing and cannot fill memory. Saving an
/// establishment on this instance forgets them at once; other instances follow within the duration.
/// </summary>
public sealed class FrameOrigins(IServiceScopeFactory scopes, IOptions<IdentityServiceOptions> options, TimeProvider clock, ILogger<FrameOrigins> logger)
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    private sealed record Snapshot(IReadOnlyDictionary<int, string> ByBase, IReadOnlyDictionary<string, string> ByUai, DateTimeOffset LoadedAt, long Generation);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private Snapshot? _snapshot;
    private long _generation;

    /// <summary>The ENT origin of that base, or null (not CAS, inactive, unknown).</summary>
    public async ValueTask<string?> OriginAsync(int baseId, CancellationToken ct) =>
        (await SnapshotAsync(ct)).ByBase.GetValueOrDefault(baseId);

    /// <summary>The same for a key of the entry points: a base number or a UAI (<c>?sso=0341234A</c>).</summary>
    public async ValueTask<string?> OriginAsync(string? key, CancellationToken ct)
    {
        key = key?.Trim() ?? "";
        if (int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var baseId))
        {
            return await OriginAsync(baseId, ct);
        }
        var uai = key.ToUpperInvariant();
        return Establishment.IsValidUai(uai) ? (await SnapshotAsync(ct)).ByUai.GetValueOrDefault(uai) : null;
    }

    /// <summary>The establishments changed: the next question reloads them.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>The ENT origin of an establishment, from its CAS settings.</summary>
    public static string? OriginOf(Establishment e, bool allowHttp)
    {
        if (e.Mode != ConnectionMode.Cas || !e.Active)
        {
            return null;
        }
        var settings = e.CasSettings(allowHttp);
        return settings.IsValid ? FramePolicy.OriginOf(settings.BaseUrl) : null;
    }

    private bool IsFresh(Snapshot? s) =>
        s is not null && s.Generation == Interlocked.Read(ref _generation) && clock.GetUtcNow() - s.LoadedAt < CacheDuration;

    private async ValueTask<Snapshot> SnapshotAsync(CancellationToken ct)
    {
        var current = Volatile.Read(ref _snapshot);
        if (IsFresh(current))
        {
            return current!;
        }
        await _loading.WaitAsync(ct);
        try
        {
            current = Volatile.Read(ref _snapshot);
            if (IsFresh(current))
            {
                return current!;
            }
            var generation = Interlocked.Read(ref _generation);
            var loadedAt = clock.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var establishments = await db.Establishments.AsNoTracking().Where(e => e.Active && e.Mode == ConnectionMode.Cas).ToListAsync(ct);
            var allowHttp = options.Value.Cas.AllowHttp;
            var byBase = new Dictionary<int, string>();
            var byUai = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var e in establishments)
            {
                if (OriginOf(e, allowHttp) is { } origin)
                {
                    byBase[e.BaseId] = origin;
                    byUai[e.Uai] = origin;
                }
            }
            var loaded = new Snapshot(byBase, byUai, loadedAt, generation);
            Volatile.Write(ref _snapshot, loaded);
            logger.LogDebug("ENT frame origins loaded: {Count} establishments", byBase.Count);
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }
}
