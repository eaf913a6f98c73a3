using Sacoche.Competences.Domain;
using Xunit;

namespace Sacoche.Competences.Tests.Domain;

public class AggregatesTests
{
    private static AcquisitionState State(string sigle) => AcquisitionStates.Defaults.Single(s => s.Sigle == sigle);

    [Fact]
    public void Mean_skips_items_without_score()
    {
        // (81 + 67 + 40) / 3 = 188 / 3 = 62.67 → 63
        Assert.Equal(63, Aggregates.Mean([81, 67, null, 40]));
    }

    [Fact]
    public void Mean_weighted_by_coefficients()
    {
        // (81·2 + 67·1 + 40·0) / (2+1+0) = (162 + 67 + 0) / 3 = 229 / 3 = 76.33 → 76
        Assert.Equal(76, Aggregates.Mean([81, 67, 40], [2, 1, 0]));
        // (50·1 + 51·3) / 4 = (50 + 153) / 4 = 203 / 4 = 50.75 → 51
        Assert.Equal(51, Aggregates.Mean([50, 51], [1, 3]));
    }

    [Fact]
    public void Mean_rounds_half_away_from_zero()
    {
        // (66 + 67) / 2 = 66.5 → 67
        Assert.Equal(67, Aggregates.Mean([66, 67]));
    }

    [Fact]
    public void Mean_of_nothing_is_null()
    {
        Assert.Null(Aggregates.Mean([]));
        Assert.Null(Aggregates.Mean([null, null]));
        Assert.Null(Aggregates.Mean([50, 60], [0, 0]));
        Assert.Throws<ArgumentException>(() => Aggregates.Mean([50, 60], [1]));
    }

    [Fact]
    public void Percent_acquired_with_default_states()
    {
        // A A VA NA NA: (100·2 + 50·1 + 0·2) / 5 = 250 / 5 = 50
        Assert.Equal(50, Aggregates.PercentAcquired([State("A"), State("A"), State("VA"), State("NA"), State("NA")]));
        // A VA VA NA NA NA: (100·1 + 50·2) / 6 = 200 / 6 = 33.33 → 33
        Assert.Equal(33, Aggregates.PercentAcquired([State("A"), State("VA"), State("VA"), State("NA"), State("NA"), State("NA")]));
        // A VA NA NA: (100 + 50) / 4 = 150 / 4 = 37.5 → 38
        Assert.Equal(38, Aggregates.PercentAcquired([State("A"), State("VA"), State("NA"), State("NA")]));
        Assert.Null(Aggregates.PercentAcquired(Array.Empty<AcquisitionState>()));
    }

    [Fact]
    public void Percent_acquired_from_scores()
    {
        // 81 → A, 45 → VA, 10 → NA, null skipped, 150 → A: (100 + 50 + 0 + 100) / 4 = 250 / 4 = 62.5 → 63
        Assert.Equal(63, Aggregates.PercentAcquired([81, 45, 10, null, 150], AcquisitionStates.Defaults));
        Assert.Null(Aggregates.PercentAcquired([null], AcquisitionStates.Defaults));
    }

    [Theory]
    [InlineData(0, "0")]     // 0 / 5 = 0
    [InlineData(33, "6.6")]  // 33 / 5 = 6.6
    [InlineData(38, "7.6")]  // 38 / 5 = 7.6
    [InlineData(50, "10")]   // 50 / 5 = 10
    [InlineData(63, "12.6")] // 63 / 5 = 12.6
    [InlineData(67, "13.4")] // 67 / 5 = 13.4
    [InlineData(100, "20")]  // 100 / 5 = 20
    public void Out_of_20(int percent, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Aggregates.OutOf20(percent));
    }
}
