namespace Sacoche.Competences.Domain;

/// <summary>
/// One entry of a student on an item, as the scoring engine sees it. Chronological order is
/// (<see cref="Date"/>, then <see cref="EvaluationId"/>).
/// </summary>
public readonly record struct ScoreEntry(DateOnly Date, long EvaluationId, EntryCode Code)
{
    /// <summary>Compares by date, then evaluation id: the reference's chronological order.</summary>
    public static int CompareChronologically(ScoreEntry a, ScoreEntry b)
    {
        int byDate = a.Date.CompareTo(b.Date);
        return byDate != 0 ? byDate : a.EvaluationId.CompareTo(b.EvaluationId);
    }
}
