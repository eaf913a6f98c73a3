using Sacoche.Competences.Domain;
using Xunit;

namespace Sacoche.Competences.Tests.Domain;

public class AcquisitionStateTests
{
    [Fact]
    public void Defaults_match_the_reference()
    {
        var d = AcquisitionStates.Defaults;
        Assert.Equal(["NA", "VA", "A"], d.Select(s => s.Sigle));
        Assert.Equal([(0, 39, 0), (40, 60, 50), (61, 100, 100)], d.Select(s => (s.Min, s.Max, s.Weight)));
        Assert.Equal(["Non acquis", "Partiellement acquis", "Acquis"], d.Select(s => s.Legend));
        Assert.Empty(AcquisitionStates.Validate(d));
    }

    [Theory]
    [InlineData(0, "NA")]
    [InlineData(39, "NA")]
    [InlineData(40, "VA")]
    [InlineData(60, "VA")]
    [InlineData(61, "A")]
    [InlineData(100, "A")]
    [InlineData(101, "A")]
    [InlineData(200, "A")]
    public void State_thresholds(int score, string sigle)
    {
        Assert.Equal(sigle, AcquisitionStates.StateOf(AcquisitionStates.Defaults, score).Sigle);
    }

    [Fact]
    public void Two_to_six_contiguous_states_from_0_to_100()
    {
        AcquisitionState S(int id, int min, int max, string sigle) => new(id, min, max, 50, sigle, "Légende", "#AABBCC");

        Assert.Empty(AcquisitionStates.Validate([S(1, 0, 49, "N"), S(2, 50, 100, "O")]));
        Assert.Contains(AcquisitionStates.Validate([S(1, 0, 100, "N")]), e => e.Contains("entre 2 et 6", StringComparison.Ordinal));
        var seven = Enumerable.Range(0, 7).Select(i => S(i + 1, i * 10, i == 6 ? 100 : i * 10 + 9, $"S{i}")).ToList();
        Assert.Contains(AcquisitionStates.Validate(seven), e => e.Contains("entre 2 et 6", StringComparison.Ordinal));

        Assert.Contains("Le premier état « N » doit commencer à 0, et non à 5.",
            AcquisitionStates.Validate([S(1, 5, 49, "N"), S(2, 50, 100, "O")]));
        Assert.Contains("Le dernier état « O » doit finir à 100, et non à 95.",
            AcquisitionStates.Validate([S(1, 0, 49, "N"), S(2, 50, 95, "O")]));
        Assert.Contains("Les états « N » (0–49) et « O » (51–100) ne sont pas contigus : le second doit commencer à 50.",
            AcquisitionStates.Validate([S(1, 0, 49, "N"), S(2, 51, 100, "O")]));
        Assert.Contains(AcquisitionStates.Validate([S(1, 0, 60, "N"), S(2, 50, 100, "O")]), e => e.Contains("contigus", StringComparison.Ordinal));
        Assert.Contains("Deux états ont le même sigle « n ».",
            AcquisitionStates.Validate([S(1, 0, 49, "N"), S(2, 50, 100, "n")]));
    }

    [Fact]
    public void Weight_must_lie_in_0_to_100()
    {
        var states = AcquisitionStates.Defaults.Select(s => s.Id == 3 ? s with { Weight = 120 } : s).ToList();
        Assert.Contains("État « A » : le poids 120 doit être compris entre 0 et 100.", AcquisitionStates.Validate(states));
    }
}
