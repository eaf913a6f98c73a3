namespace Sacoche.Import.Domain;

/// <summary>What an import file must agree with: the establishment's UAI and the current school year.</summary>
/// <param name="Uai">Establishment UAI, e.g. 0341234A.</param>
/// <param name="Today">Today's date (a parameter so that tests can move the clock).</param>
/// <param name="SwitchMonth">Month (1–12) in which the school year switches; default August.</param>
public sealed record ImportContext(string Uai, DateOnly Today, int SwitchMonth = 8)
{
    public int CurrentSchoolYear => SchoolYear.StartYearOf(Today, SwitchMonth);
}

public static class SchoolYear
{
    /// <summary>
    /// Start year of the school year containing <paramref name="today"/>. The reference compared the
    /// file's year with the calendar year, which broke every 1 January: from January to the month
    /// before the switch we are still in the year that started the previous calendar year.
    /// </summary>
    public static int StartYearOf(DateOnly today, int switchMonth = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(switchMonth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(switchMonth, 12);
        return today.Month >= switchMonth ? today.Year : today.Year - 1;
    }

    /// <summary>"2026-2027" for 2026.</summary>
    public static string Label(int startYear) => $"{startYear}-{startYear + 1}";
}

/// <summary>Size bounds applied while reading (never trusting sizes announced by headers).</summary>
public sealed record ImportLimits
{
    public static ImportLimits Default { get; } = new();

    /// <summary>Largest uploaded file (zip or plain).</summary>
    public long MaxUploadBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Largest decompressed zip entry.</summary>
    public long MaxUncompressedBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>Largest ratio decompressed / compressed bytes (checked once past <see cref="RatioCheckThresholdBytes"/>).</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>Small files may compress very well; the ratio is only enforced beyond this many decompressed bytes.</summary>
    public long RatioCheckThresholdBytes { get; init; } = 1024 * 1024;

    /// <summary>Bound passed to <c>XmlReaderSettings.MaxCharactersInDocument</c>.</summary>
    public long MaxCharactersInDocument { get; init; } = 200L * 1024 * 1024;
}
