namespace Sacoche.Competences.Domain;

/// <summary>Degree of mastery of a common core component (1 to 4).</summary>
public enum MasteryDegree
{
    Insufficient = 1,
    Fragile = 2,
    Satisfactory = 3,
    VeryGood = 4,
}

/// <summary>
/// Lower bounds (inclusive percentages) of degrees 2, 3 and 4; degree 1 starts at 0.
/// Defaults: 0–34 / 35–59 / 60–80 / 81–100.
/// </summary>
public sealed record MasteryThresholds(int FragileFrom = 35, int SatisfactoryFrom = 60, int VeryGoodFrom = 81)
{
    public static MasteryThresholds Default { get; } = new();

    /// <summary>French errors (empty when 0 &lt; fragile &lt; satisfactory &lt; very good ≤ 100).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (FragileFrom < 1 || FragileFrom > 100)
        {
            errors.Add($"Le seuil de la maîtrise fragile ({FragileFrom} %) doit être compris entre 1 et 100.");
        }
        if (SatisfactoryFrom <= FragileFrom)
        {
            errors.Add($"Le seuil de la maîtrise satisfaisante ({SatisfactoryFrom} %) doit dépasser celui de la maîtrise fragile ({FragileFrom} %).");
        }
        if (VeryGoodFrom <= SatisfactoryFrom)
        {
            errors.Add($"Le seuil de la très bonne maîtrise ({VeryGoodFrom} %) doit dépasser celui de la maîtrise satisfaisante ({SatisfactoryFrom} %).");
        }
        if (VeryGoodFrom > 100)
        {
            errors.Add($"Le seuil de la très bonne maîtrise ({VeryGoodFrom} %) ne peut pas dépasser 100 %.");
        }
        return errors;
    }
}

/// <summary>A component's mastery for a student: computed degree and the teacher's override, both kept.</summary>
public sealed record ComponentMastery(CommonCoreComponent Component, int? Percent, MasteryDegree? Computed, MasteryDegree? Override)
{
    /// <summary>The degree to show and export: the teacher's positionnement when given.</summary>
    public MasteryDegree? Effective => Override ?? Computed;
}

/// <summary>Degrees of mastery, labels and brevet points.</summary>
public static class Mastery
{
    /// <summary>Degree for a percentage of items acquired (values above 100 count as 100).</summary>
    public static MasteryDegree DegreeOf(int percent, MasteryThresholds? thresholds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        var t = thresholds ?? MasteryThresholds.Default;
        if (percent >= t.VeryGoodFrom)
        {
            return MasteryDegree.VeryGood;
        }
        if (percent >= t.SatisfactoryFrom)
        {
            return MasteryDegree.Satisfactory;
        }
        return percent >= t.FragileFrom ? MasteryDegree.Fragile : MasteryDegree.Insufficient;
    }

    /// <summary>
    /// Mastery of a component from the acquisition states of every linked item that has a score
    /// (scored with its referential's method, all dates). Percent and degree are null when no item has a score.
    /// </summary>
    public static ComponentMastery Compute(
        CommonCoreComponent component,
        IReadOnlyList<AcquisitionState> itemStates,
        MasteryDegree? teacherOverride = null,
        MasteryThresholds? thresholds = null)
    {
        int? percent = Aggregates.PercentAcquired(itemStates);
        MasteryDegree? computed = percent is { } p ? DegreeOf(p, thresholds) : null;
        return new ComponentMastery(component, percent, computed, teacherOverride);
    }

    public static string Label(this MasteryDegree degree) => degree switch
    {
        MasteryDegree.Insufficient => "Maîtrise insuffisante",
        MasteryDegree.Fragile => "Maîtrise fragile",
        MasteryDegree.Satisfactory => "Maîtrise satisfaisante",
        MasteryDegree.VeryGood => "Très bonne maîtrise",
        _ => throw new ArgumentOutOfRangeException(nameof(degree), degree, "Degrees go from 1 to 4."),
    };

    /// <summary>Points counted for the diplôme national du brevet: 10, 25, 40, 50.</summary>
    public static int BrevetPoints(this MasteryDegree degree) => degree switch
    {
        MasteryDegree.Insufficient => 10,
        MasteryDegree.Fragile => 25,
        MasteryDegree.Satisfactory => 40,
        MasteryDegree.VeryGood => 50,
        _ => throw new ArgumentOutOfRangeException(nameof(degree), degree, "Degrees go from 1 to 4."),
    };
}
