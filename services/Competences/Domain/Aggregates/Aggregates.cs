namespace Sacoche.Competences.Domain;

/// <summary>Aggregates over item scores: mean, percentage of items acquired, mark out of 20.</summary>
public static class Aggregates
{
    /// <summary>
    /// Mean of item scores, optionally weighted by item coefficients (same length; 0 excludes the
    /// item), rounded half away from zero with integer sums and one division. Items without a
    /// score (null) are skipped. Null when nothing is left (or all coefficients are 0).
    /// </summary>
    public static int? Mean(IReadOnlyList<int?> scores, IReadOnlyList<int>? coefficients = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (coefficients is not null && coefficients.Count != scores.Count)
        {
            throw new ArgumentException("One coefficient per score is expected.", nameof(coefficients));
        }
        long points = 0;
        long weights = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            if (scores[i] is not { } score)
            {
                continue;
            }
            int coefficient = coefficients is null ? 1 : coefficients[i];
            ArgumentOutOfRangeException.ThrowIfNegative(coefficient, nameof(coefficients));
            ArgumentOutOfRangeException.ThrowIfNegative(score, nameof(scores));
            points += (long)score * coefficient;
            weights += coefficient;
        }
        return weights == 0 ? null : (int)Rounding.DivideHalfAwayFromZero(points, weights);
    }

    /// <summary>
    /// Percentage of items acquired = round(Σ state weight / number of items); with the default
    /// states that is (100·#A + 50·#VA) / #items. Null when there is no item.
    /// </summary>
    public static int? PercentAcquired(IReadOnlyList<AcquisitionState> itemStates)
    {
        ArgumentNullException.ThrowIfNull(itemStates);
        if (itemStates.Count == 0)
        {
            return null;
        }
        long sum = 0;
        for (int i = 0; i < itemStates.Count; i++)
        {
            sum += itemStates[i].Weight;
        }
        return (int)Rounding.DivideHalfAwayFromZero(sum, itemStates.Count);
    }

    /// <summary>
    /// Percentage of items acquired from item scores (null scores = items not assessed, skipped),
    /// mapped to <paramref name="states"/>.
    /// </summary>
    public static int? PercentAcquired(IReadOnlyList<int?> itemScores, IReadOnlyList<AcquisitionState> states)
    {
        ArgumentNullException.ThrowIfNull(itemScores);
        ArgumentNullException.ThrowIfNull(states);
        long sum = 0;
        int items = 0;
        for (int i = 0; i < itemScores.Count; i++)
        {
            if (itemScores[i] is { } score)
            {
                sum += AcquisitionStates.StateOf(states, score).Weight;
                items++;
            }
        }
        return items == 0 ? null : (int)Rounding.DivideHalfAwayFromZero(sum, items);
    }

    /// <summary>Mark out of 20 = percentage / 5, one decimal (exact: an integer / 5 has at most one decimal).</summary>
    public static decimal OutOf20(int percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        return Math.Round(percent / 5m, 1, MidpointRounding.AwayFromZero);
    }
}
