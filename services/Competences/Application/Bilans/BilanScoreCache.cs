using Microsoft.Extensions.Caching.Memory;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Bilans;

/// <summary>
/// Keeps the computed part of class bilans (students, subjects, means) per instance. An entry is used only while the
/// establishment's shared score stamp (<see cref="ScoreChanges"/>: database triggers on every table a score depends on) is the
/// one it was computed at, so a change made through any instance, path or consumer is seen at the next read; when only some
/// students' entries changed, those students alone are scored again. Entries also expire after two minutes, a bound on anything
/// the stamps could miss. What teachers write is never cached.
/// </summary>
public sealed class BilanScoreCache : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 256 });

    private sealed record Entry(ScoreStamp Shared, IReadOnlyDictionary<Guid, ScoreStamp> Students, ComputedBilan Value);

    /// <param name="compute">Computes everything (nothing cached, or a shared input changed).</param>
    /// <param name="rescore">Scores again the given students of a cached value (only their entries changed).</param>
    public async Task<ComputedBilan> GetAsync(CompetencesDbContext db, int establishmentId, string classCode, Period period, Func<Task<ComputedBilan>> compute,
        Func<ComputedBilan, IReadOnlyCollection<Guid>, Task<ComputedBilan>> rescore, CancellationToken ct)
    {
        // Read before computing: a change committed meanwhile moves a stamp and the next read computes again.
        var stamps = await ScoreChanges.StampsAsync(db, establishmentId, ct);
        var key = (establishmentId, classCode, period.Id, period.Start, period.End);
        ComputedBilan value;
        string outcome;
        if (_cache.TryGetValue(key, out Entry? hit) && hit!.Shared == stamps.Shared)
        {
            List<Guid> changed = [.. hit.Value.Students.Select(s => s.StudentId).Where(id => hit.Students.GetValueOrDefault(id) != stamps.Of(id))];
            if (changed.Count == 0)
            {
                CompetencesMetrics.BilanCache.Add(1, new KeyValuePair<string, object?>("outcome", "hit"));
                return hit.Value;
            }
            (value, outcome) = (await rescore(hit.Value, changed), "partial");
        }
        else
        {
            (value, outcome) = (await compute(), "miss");
        }
        CompetencesMetrics.BilanCache.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        var students = value.Students.ToDictionary(s => s.StudentId, s => stamps.Of(s.StudentId));
        _cache.Set(key, new Entry(stamps.Shared, students, value), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return value;
    }

    public void Dispose() => _cache.Dispose();
}
