using Microsoft.Extensions.Caching.Memory;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Bilans;

/// <summary>
/// Keeps the computed part of class bilans (students, subjects, means) per instance. An entry is used only while the
/// establishment's score stamp (<see cref="ScoreChanges"/>: database triggers on every table a score depends on) is the
/// one it was computed at, so a change made through any instance, path or consumer is seen at the next read; entries also
/// expire after two minutes, a bound on anything the stamp could miss. What teachers write is never cached.
/// </summary>
public sealed class BilanScoreCache : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 256 });

    private sealed record Entry(ScoreStamp Stamp, ComputedBilan Value);

    public async Task<ComputedBilan> GetAsync(CompetencesDbContext db, int establishmentId, string classCode, Period period, Func<Task<ComputedBilan>> compute,
        CancellationToken ct)
    {
        // Read before computing: a change committed meanwhile moves the stamp and the next read recomputes.
        var stamp = await ScoreChanges.StampAsync(db, establishmentId, ct);
        var key = (establishmentId, classCode, period.Id, period.Start, period.End);
        if (_cache.TryGetValue(key, out Entry? hit) && hit!.Stamp == stamp)
        {
            CompetencesMetrics.BilanCache.Add(1, new KeyValuePair<string, object?>("outcome", "hit"));
            return hit.Value;
        }
        CompetencesMetrics.BilanCache.Add(1, new KeyValuePair<string, object?>("outcome", "miss"));
        var value = await compute();
        _cache.Set(key, new Entry(stamp, value), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return value;
    }

    public void Dispose() => _cache.Dispose();
}
