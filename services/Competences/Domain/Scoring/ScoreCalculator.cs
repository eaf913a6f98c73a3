using System.Buffers;
using System.Runtime.InteropServices;

namespace Sacoche.Competences.Domain;

/// <summary>
/// Score of one item for one student, exactly as the reference computes it:
/// <list type="number">
/// <item>special codes (and inactive grade codes) are dropped, grade codes mapped to their values;</item>
/// <item>retroactivity decides which values before the period start are kept
///   (<c>non</c>: none, <c>oui</c>: all, <c>annuel</c>: those of the current school year);</item>
/// <item>no value left, or none dated on/after the period start → no score (null);</item>
/// <item>if limit &gt; 0, only the last <c>limit</c> values are kept — before every method;</item>
/// <item>the method combines them with integer sums and one division, rounded half away from zero.</item>
/// </list>
/// Entries after the period end must be left out by the caller. The hot path allocates nothing
/// when given an array, a <see cref="List{T}"/> or a span already in chronological order.
/// </summary>
public static class ScoreCalculator
{
    private const int ValueSlots = GradeCodes.MaxValue + 1;

    /// <summary>Scores entries in chronological order (date, then evaluation id).</summary>
    /// <param name="entriesChronological">The student's entries on one item. If they are not in
    /// chronological order a sorted copy is used (correct, but it allocates).</param>
    /// <param name="settings">Method, limit, retroactivity and grade code values.</param>
    /// <param name="periodStart">First day of the period; null = no period (every value counts, e.g. common core).</param>
    /// <param name="schoolYearStart">First day of the school year, used by <see cref="Retroactivity.Annuel"/>;
    /// null = derived from <paramref name="periodStart"/> and the settings' switch month.</param>
    /// <returns>The score (0–200, usually 0–100), or null when there is none.</returns>
    public static int? Score(
        IReadOnlyList<ScoreEntry> entriesChronological,
        ScoringSettings settings,
        DateOnly? periodStart,
        DateOnly? schoolYearStart)
    {
        ArgumentNullException.ThrowIfNull(entriesChronological);
        switch (entriesChronological)
        {
            case ScoreEntry[] array:
                return Score(array.AsSpan(), settings, periodStart, schoolYearStart);
            case List<ScoreEntry> list:
                return Score(CollectionsMarshal.AsSpan(list), settings, periodStart, schoolYearStart);
            default:
                int count = entriesChronological.Count;
                var rented = ArrayPool<ScoreEntry>.Shared.Rent(count);
                try
                {
                    for (int i = 0; i < count; i++)
                    {
                        rented[i] = entriesChronological[i];
                    }
                    return Score(rented.AsSpan(0, count), settings, periodStart, schoolYearStart);
                }
                finally
                {
                    ArrayPool<ScoreEntry>.Shared.Return(rented);
                }
        }
    }

    /// <inheritdoc cref="Score(IReadOnlyList{ScoreEntry}, ScoringSettings, DateOnly?, DateOnly?)"/>
    public static int? Score(
        ReadOnlySpan<ScoreEntry> entriesChronological,
        ScoringSettings settings,
        DateOnly? periodStart = null,
        DateOnly? schoolYearStart = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (IsChronological(entriesChronological))
        {
            return ScoreSorted(entriesChronological, settings, periodStart, schoolYearStart);
        }

        var rented = ArrayPool<ScoreEntry>.Shared.Rent(entriesChronological.Length);
        try
        {
            var copy = rented.AsSpan(0, entriesChronological.Length);
            entriesChronological.CopyTo(copy);
            copy.Sort(ScoreEntry.CompareChronologically);
            return ScoreSorted(copy, settings, periodStart, schoolYearStart);
        }
        finally
        {
            ArrayPool<ScoreEntry>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Batch form for reports and benchmarks: scores consecutive groups of one flat buffer
    /// (one group per student × item, each in chronological order) into <paramref name="scores"/>,
    /// without allocating. <paramref name="groupLengths"/>[i] entries form group i.
    /// </summary>
    public static void ScoreGroups(
        ReadOnlySpan<ScoreEntry> entries,
        ReadOnlySpan<int> groupLengths,
        ScoringSettings settings,
        DateOnly? periodStart,
        DateOnly? schoolYearStart,
        Span<int?> scores)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (scores.Length < groupLengths.Length)
        {
            throw new ArgumentException("One result slot per group is expected.", nameof(scores));
        }
        int offset = 0;
        for (int g = 0; g < groupLengths.Length; g++)
        {
            int length = groupLengths[g];
            if (length < 0 || offset + length > entries.Length)
            {
                throw new ArgumentException("Group lengths exceed the entries.", nameof(groupLengths));
            }
            scores[g] = Score(entries.Slice(offset, length), settings, periodStart, schoolYearStart);
            offset += length;
        }
    }

    /// <summary>
    /// The method step alone: combines values (oldest first) after keeping the last
    /// <paramref name="limit"/> of them (0 = all). Null when there is no value.
    /// Values must lie in 0–200 and the limit be allowed for the method.
    /// </summary>
    public static int? Combine(ReadOnlySpan<int> valuesChronological, ScoringMethod method, int limit)
    {
        if (ScoringMethods.ValidateLimit(method, limit) is { } error)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, error);
        }
        if (valuesChronological.IsEmpty)
        {
            return null;
        }
        if (limit > 0 && valuesChronological.Length > limit)
        {
            valuesChronological = valuesChronological[^limit..];
        }
        var window = new ValueWindow(valuesChronological);
        return Combine(ref window, method);
    }

    private static int? ScoreSorted(
        ReadOnlySpan<ScoreEntry> entries,
        ScoringSettings settings,
        DateOnly? periodStart,
        DateOnly? schoolYearStart)
    {
        DateOnly lowerBound = LowerBound(settings, periodStart, schoolYearStart);

        // Pass 1: count the values kept by retroactivity; check one lies in the period.
        int kept = 0;
        bool inPeriod = periodStart is null;
        DateOnly start = periodStart.GetValueOrDefault();
        foreach (ref readonly var entry in entries)
        {
            if (entry.Date < lowerBound || settings.ValueOf(entry.Code) < 0)
            {
                continue;
            }
            kept++;
            if (entry.Date >= start)
            {
                inPeriod = true;
            }
        }
        if (kept == 0 || !inPeriod)
        {
            return null;
        }

        // Pass 2: truncate to the last `limit` values, then combine.
        int skip = settings.Limit > 0 && kept > settings.Limit ? kept - settings.Limit : 0;
        var window = new ValueWindow(entries, settings, lowerBound, skip);
        return Combine(ref window, settings.Method);
    }

    private static DateOnly LowerBound(ScoringSettings settings, DateOnly? periodStart, DateOnly? schoolYearStart)
    {
        if (periodStart is not { } start)
        {
            // No period: every value counts ("all dates"), whatever the retroactivity.
            return DateOnly.MinValue;
        }
        switch (settings.Retroactivity)
        {
            case Retroactivity.Oui:
                return DateOnly.MinValue;
            case Retroactivity.Annuel:
                DateOnly yearStart = schoolYearStart ?? SchoolYear.StartOf(start, settings.SchoolYearSwitchMonth);
                return yearStart < start ? yearStart : start;
            default:
                return start;
        }
    }

    private static int Combine(ref ValueWindow window, ScoringMethod method) => method switch
    {
        ScoringMethod.Geometrique or ScoringMethod.Arithmetique or ScoringMethod.Classique => WeightedMean(ref window, method),
        ScoringMethod.Bestof1 => BestOf(ref window, 1),
        ScoringMethod.Bestof2 => BestOf(ref window, 2),
        ScoringMethod.Bestof3 => BestOf(ref window, 3),
        ScoringMethod.Frequencemin => MostFrequent(ref window, preferHighest: false),
        ScoringMethod.Frequencemax => MostFrequent(ref window, preferHighest: true),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown scoring method."),
    };

    private static int WeightedMean(ref ValueWindow window, ScoringMethod method)
    {
        long points = 0;
        long weights = 0;
        long weight = 1;
        while (window.TryNext(out int value))
        {
            points += value * weight;
            weights += weight;
            weight = method switch
            {
                ScoringMethod.Geometrique => weight * 2,
                ScoringMethod.Arithmetique => weight + 1,
                _ => 1,
            };
        }
        return (int)Rounding.DivideHalfAwayFromZero(points, weights);
    }

    private static int BestOf(ref ValueWindow window, int best)
    {
        // Keep the three highest values seen, highest first (best ≤ 3).
        int first = -1, second = -1, third = -1, count = 0;
        while (window.TryNext(out int value))
        {
            count++;
            if (value > first)
            {
                third = second;
                second = first;
                first = value;
            }
            else if (value > second)
            {
                third = second;
                second = value;
            }
            else if (value > third)
            {
                third = value;
            }
        }
        int taken = Math.Min(best, count);
        long sum = first + (taken >= 2 ? second : 0) + (taken >= 3 ? third : 0);
        return (int)Rounding.DivideHalfAwayFromZero(sum, taken);
    }

    private static int MostFrequent(ref ValueWindow window, bool preferHighest)
    {
        // Values from grade codes take at most 6 distinct values: a tiny table is enough and
        // cheap. Raw value lists (Combine) may hold more: fall back to one slot per value.
        Span<int> values = stackalloc int[8];
        Span<int> counts = stackalloc int[8];
        int distinct = 0;
        var replay = window;
        while (window.TryNext(out int value))
        {
            int k = 0;
            while (k < distinct && values[k] != value)
            {
                k++;
            }
            if (k == distinct)
            {
                if (distinct == values.Length)
                {
                    return MostFrequentWide(ref replay, preferHighest);
                }
                values[k] = value;
                counts[k] = 0;
                distinct++;
            }
            counts[k]++;
        }

        int bestValue = -1;
        int bestCount = 0;
        for (int k = 0; k < distinct; k++)
        {
            int c = counts[k];
            int v = values[k];
            // Ties go to the lowest value (frequencemin) or the highest (frequencemax).
            if (c > bestCount || (c == bestCount && (preferHighest ? v > bestValue : v < bestValue)))
            {
                bestCount = c;
                bestValue = v;
            }
        }
        return bestValue;
    }

    private static int MostFrequentWide(ref ValueWindow window, bool preferHighest)
    {
        Span<int> counts = stackalloc int[ValueSlots];
        counts.Clear();
        while (window.TryNext(out int value))
        {
            counts[value]++;
        }
        int bestValue = -1;
        int bestCount = 0;
        for (int value = 0; value < ValueSlots; value++)
        {
            int c = counts[value];
            // Ascending scan: ">" keeps the lowest of tied values, ">=" the highest.
            if (c > bestCount || (preferHighest && c > 0 && c == bestCount))
            {
                bestCount = c;
                bestValue = value;
            }
        }
        return bestValue;
    }

    private static bool IsChronological(ReadOnlySpan<ScoreEntry> entries)
    {
        for (int i = 1; i < entries.Length; i++)
        {
            if (ScoreEntry.CompareChronologically(entries[i - 1], entries[i]) > 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Yields the kept values, oldest first, without allocating.</summary>
    private ref struct ValueWindow
    {
        private readonly ReadOnlySpan<ScoreEntry> _entries;
        private readonly ReadOnlySpan<int> _values;
        private readonly ScoringSettings? _settings;
        private readonly DateOnly _lowerBound;
        private int _skip;
        private int _index;

        public ValueWindow(ReadOnlySpan<ScoreEntry> entries, ScoringSettings settings, DateOnly lowerBound, int skip)
        {
            _entries = entries;
            _settings = settings;
            _lowerBound = lowerBound;
            _skip = skip;
        }

        public ValueWindow(ReadOnlySpan<int> values)
        {
            _values = values;
        }

        public bool TryNext(out int value)
        {
            if (_settings is null)
            {
                while (_index < _values.Length)
                {
                    value = _values[_index++];
                    if (value is < 0 or > GradeCodes.MaxValue)
                    {
                        throw new ArgumentOutOfRangeException(nameof(value), value, "Values must lie in 0–200.");
                    }
                    return true;
                }
                value = 0;
                return false;
            }

            while (_index < _entries.Length)
            {
                ref readonly var entry = ref _entries[_index++];
                if (entry.Date < _lowerBound)
                {
                    continue;
                }
                int v = _settings.ValueOf(entry.Code);
                if (v < 0)
                {
                    continue;
                }
                if (_skip > 0)
                {
                    _skip--;
                    continue;
                }
                value = v;
                return true;
            }
            value = 0;
            return false;
        }
    }
}
