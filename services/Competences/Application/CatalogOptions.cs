using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Sacoche.Competences.Application;

/// <summary>Limits of the academy catalog (configuration section <c>Competences:Catalog</c>).</summary>
public sealed class CatalogOptions
{
    public const string Section = "Competences:Catalog";

    /// <summary>Publications one user may make in any rolling hour.</summary>
    [Range(1, 10_000)]
    public int PublicationsPerHour { get; set; } = 10;

    /// <summary>Publications one user may make in any rolling 24 hours.</summary>
    [Range(1, 100_000)]
    public int PublicationsPerDay { get; set; } = 30;
}

/// <summary>
/// The per-user publication rate, decided from the stored publications (withdrawn ones included, so that
/// publishing and withdrawing in a loop does not escape it): it holds across instances and restarts.
/// </summary>
public static class PublicationRate
{
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>
    /// How long the user must wait before the next publication, or null when it is allowed now.
    /// <paramref name="recent"/>: the user's publication times of (at least) the last 24 hours.
    /// </summary>
    public static TimeSpan? WaitBeforeNext(IEnumerable<DateTimeOffset> recent, DateTimeOffset now, CatalogOptions options)
    {
        var times = recent.Where(t => t > now - Day).Order().ToList();
        TimeSpan? wait = null;
        foreach (var (window, limit) in new[] { (Hour, options.PublicationsPerHour), (Day, options.PublicationsPerDay) })
        {
            var inWindow = times.Where(t => t > now - window).ToList();
            if (inWindow.Count >= limit)
            {
                // A slot frees when enough of the oldest publications have left the window for the count to drop below the limit.
                var free = inWindow[inWindow.Count - limit] + window - now;
                if (wait is null || free > wait)
                {
                    wait = free;
                }
            }
        }
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>« 42 minutes », « 1 minute », « 3 h 05 » (rounded up to the minute).</summary>
    public static string French(TimeSpan wait)
    {
        int minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        if (minutes < 60)
        {
            return minutes == 1 ? "1 minute" : $"{minutes} minutes";
        }
        return string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h {minutes % 60:00}");
    }
}
