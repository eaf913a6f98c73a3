using Sacoche.Competences.Domain;
using Xunit;

namespace Sacoche.Competences.Tests.Bilans;

/// <summary>
/// The positioning of docs/domain/bilans.md, values worked out by hand: « position » 1 = 0–24, 2 = 25–49, 3 = 50–74, 4 = 75–100;
/// « objectif » 1 = 0–34, 2 = 35–64, 3 = 65–89, 4 = 90–100; « moyenne » = mean / 5 with one decimal; above 100 counts as 100.
/// </summary>
public class PositioningScaleTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(24, 1)]
    [InlineData(25, 2)]
    [InlineData(49, 2)]
    [InlineData(50, 3)]
    [InlineData(74, 3)]
    [InlineData(75, 4)]
    [InlineData(100, 4)]
    [InlineData(150, 4)]
    public void Position_levels(int mean, int expected)
    {
        Assert.Equal(expected, PositioningScale.DefaultPosition.Compute(mean));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(34, 1)]
    [InlineData(35, 2)]
    [InlineData(64, 2)]
    [InlineData(65, 3)]
    [InlineData(89, 3)]
    [InlineData(90, 4)]
    [InlineData(100, 4)]
    [InlineData(200, 4)]
    public void Objectif_levels(int mean, int expected)
    {
        Assert.Equal(expected, PositioningScale.DefaultObjectif.Compute(mean));
        Assert.Equal(expected, PositioningScale.DefaultFor(PositioningMode.Objectif).Compute(mean));
    }

    [Theory]
    [InlineData(67, "13.4")]  // 67 / 5 = 13.4
    [InlineData(84, "16.8")]  // 84 / 5 = 16.8
    [InlineData(0, "0")]
    [InlineData(1, "0.2")]
    [InlineData(99, "19.8")]
    [InlineData(100, "20")]
    [InlineData(130, "20")]   // above 100 counts as 100
    public void Moyenne_is_the_mean_over_five_with_one_decimal(int mean, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PositioningScale.DefaultMoyenne.Compute(mean));
    }

    [Fact]
    public void Custom_thresholds_are_lower_bounds()
    {
        var scale = new PositioningScale(PositioningMode.Position, 30, 60, 80);
        Assert.Equal([1, 2, 2, 3, 3, 4], new[] { 29, 30, 59, 60, 79, 80 }.Select(m => (int)scale.Compute(m)).ToArray());
        Assert.Empty(scale.Validate());
        Assert.NotEmpty(new PositioningScale(PositioningMode.Position, 50, 50, 75).Validate());
        Assert.NotEmpty(new PositioningScale(PositioningMode.Position, 0, 50, 75).Validate());
        Assert.NotEmpty(new PositioningScale(PositioningMode.Position, 25, 50, 101).Validate());
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("2", true)]
    [InlineData("3", true)]
    [InlineData("4", true)]
    [InlineData("0", false)]
    [InlineData("5", false)]
    [InlineData("2.5", false)]
    [InlineData("-1", false)]
    public void Override_in_levels_is_1_to_4(string value, bool valid)
    {
        var v = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(valid, PositioningScale.DefaultPosition.ValidateOverride(v) is null);
        Assert.Equal(valid, PositioningScale.DefaultObjectif.ValidateOverride(v) is null);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("20", true)]
    [InlineData("13.5", true)]
    [InlineData("7", true)]
    [InlineData("13.45", false)]
    [InlineData("20.1", false)]
    [InlineData("-0.5", false)]
    [InlineData("21", false)]
    public void Override_in_moyenne_is_0_to_20_with_one_decimal(string value, bool valid)
    {
        var v = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var error = PositioningScale.DefaultMoyenne.ValidateOverride(v);
        Assert.Equal(valid, error is null);
        if (error is not null)
        {
            Assert.Contains("entre 0 et 20", error);
        }
    }

    [Fact]
    public void Modes_parse_from_their_codes()
    {
        Assert.True(PositioningScale.TryParseMode("objectif", out var m));
        Assert.Equal(PositioningMode.Objectif, m);
        Assert.True(PositioningScale.TryParseMode("moyenne", out m));
        Assert.Equal(PositioningMode.Moyenne, m);
        Assert.False(PositioningScale.TryParseMode("notes", out _));
        Assert.Equal("Atteints", PositioningScale.DefaultObjectif.Label(3));
        Assert.Equal("13,4/20", PositioningScale.DefaultMoyenne.Label(13.4m));
    }

    [Fact]
    public void Statuses_allow_the_writes_of_the_table()
    {
        // subject lines: subjects, mixed; general: mixed, general; printing: complete.
        Assert.Equal([BilanStatus.Subjects, BilanStatus.Mixed], BilanStatuses.All.Where(s => s.AllowsSubjects()).ToArray());
        Assert.Equal([BilanStatus.Mixed, BilanStatus.General], BilanStatuses.All.Where(s => s.AllowsGeneral()).ToArray());
        Assert.Equal([BilanStatus.Complete], BilanStatuses.All.Where(s => s.AllowsPrinting()).ToArray());
        Assert.Equal(BilanStatus.Closed, BilanStatuses.Parse(null));
        Assert.Equal(BilanStatus.Closed, BilanStatuses.Parse("nimporte"));
    }
}
