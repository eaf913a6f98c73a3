namespace Sacoche.Competences.Domain;

/// <summary>School years switch on the first day of a configurable month (default August).</summary>
public static class SchoolYear
{
    public const int DefaultSwitchMonth = 8;

    /// <summary>First day of the school year containing <paramref name="date"/>.</summary>
    public static DateOnly StartOf(DateOnly date, int switchMonth = DefaultSwitchMonth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(switchMonth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(switchMonth, 12);
        int year = date.Month >= switchMonth ? date.Year : date.Year - 1;
        return new DateOnly(year, switchMonth, 1);
    }

    /// <summary>Last day of the school year containing <paramref name="date"/>.</summary>
    public static DateOnly EndOf(DateOnly date, int switchMonth = DefaultSwitchMonth) =>
        StartOf(date, switchMonth).AddYears(1).AddDays(-1);
}
