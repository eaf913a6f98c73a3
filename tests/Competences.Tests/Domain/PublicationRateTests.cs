using Sacoche.Competences.Application;
using Xunit;

namespace Sacoche.Competences.Tests.Domain;

public class PublicationRateTests
{
    private static readonly DateTimeOffset Now = new(2026, 10, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly CatalogOptions Options = new() { PublicationsPerHour = 3, PublicationsPerDay = 5 };

    private static DateTimeOffset[] MinutesAgo(params int[] minutes) => [.. minutes.Select(m => Now.AddMinutes(-m))];

    [Fact]
    public void Under_both_limits_nothing_to_wait() =>
        Assert.Null(PublicationRate.WaitBeforeNext(MinutesAgo(5, 10, 200, 300), Now, Options));

    [Fact]
    public void Hourly_limit_waits_for_the_oldest_of_the_hour() =>
        Assert.Equal(TimeSpan.FromMinutes(20), PublicationRate.WaitBeforeNext(MinutesAgo(40, 10, 5), Now, Options));

    [Fact]
    public void Daily_limit_waits_for_enough_of_the_day_to_leave() =>
        // Six in the day (the limit was lowered meanwhile): two must leave; the second oldest, 22 h ago, leaves in 2 h.
        Assert.Equal(TimeSpan.FromHours(2), PublicationRate.WaitBeforeNext(MinutesAgo(23 * 60, 22 * 60, 20 * 60, 10 * 60, 5 * 60, 120), Now, Options));

    [Fact]
    public void Publications_older_than_a_day_do_not_count() =>
        Assert.Null(PublicationRate.WaitBeforeNext(MinutesAgo(25 * 60, 26 * 60, 27 * 60, 28 * 60, 29 * 60, 30 * 60), Now, Options));

    [Theory]
    [InlineData(10, "1 minute")]
    [InlineData(60, "1 minute")]
    [InlineData(61, "2 minutes")]
    [InlineData(42 * 60, "42 minutes")]
    [InlineData(3600, "1 h 00")]
    [InlineData(3 * 3600 + 5 * 60, "3 h 05")]
    public void French_delay(int seconds, string expected) =>
        Assert.Equal(expected, PublicationRate.French(TimeSpan.FromSeconds(seconds)));
}
