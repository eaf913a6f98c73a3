using Sacoche.Competences.Domain;
using Xunit;

namespace Sacoche.Competences.Tests.Domain;

public class CommonCoreTests
{
    [Fact]
    public void Eight_components_with_lsu_codes_and_french_labels()
    {
        Assert.Equal(
            ["CPD_FRA", "CPD_ETR", "CPD_SCI", "CPD_ART", "MET_APP", "FRM_CIT", "SYS_NAT", "REP_MND"],
            CommonCore.Components.Select(c => c.Code));
        Assert.Equal("Les méthodes et outils pour apprendre", CommonCoreComponent.MetApp.Label());
        Assert.Equal("Comprendre, s'exprimer en utilisant la langue française à l'oral et à l'écrit", CommonCoreComponent.CpdFra.Label());
        Assert.All(CommonCore.Components, c => Assert.False(string.IsNullOrWhiteSpace(c.Label)));
        Assert.Equal([2, 3, 4], CommonCore.Cycles);
        Assert.StartsWith("Cycle 4", CommonCore.CycleLabel(4), StringComparison.Ordinal);
        Assert.False(CommonCore.IsValidCycle(1));
    }

    [Theory]
    [InlineData("CPD_FRA", CommonCoreComponent.CpdFra)]
    [InlineData("cpd_sci", CommonCoreComponent.CpdSci)]
    [InlineData("13", CommonCoreComponent.CpdSci)]
    [InlineData("50", CommonCoreComponent.RepMnd)]
    [InlineData(" REP_MND ", CommonCoreComponent.RepMnd)]
    public void Components_parse_by_code_or_reference_number(string text, CommonCoreComponent expected)
    {
        Assert.True(CommonCore.TryParse(text, out var component));
        Assert.Equal(expected, component);
    }

    [Theory]
    [InlineData("CPD_XXX")]
    [InlineData("15")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_components_are_rejected(string? text)
    {
        Assert.False(CommonCore.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, MasteryDegree.Insufficient)]
    [InlineData(34, MasteryDegree.Insufficient)]
    [InlineData(35, MasteryDegree.Fragile)]
    [InlineData(59, MasteryDegree.Fragile)]
    [InlineData(60, MasteryDegree.Satisfactory)]
    [InlineData(80, MasteryDegree.Satisfactory)]
    [InlineData(81, MasteryDegree.VeryGood)]
    [InlineData(100, MasteryDegree.VeryGood)]
    public void Mastery_degree_boundaries(int percent, MasteryDegree expected)
    {
        Assert.Equal(expected, Mastery.DegreeOf(percent));
    }

    [Fact]
    public void Degree_labels_and_brevet_points()
    {
        Assert.Equal(
            ["Maîtrise insuffisante", "Maîtrise fragile", "Maîtrise satisfaisante", "Très bonne maîtrise"],
            Enum.GetValues<MasteryDegree>().Select(d => d.Label()));
        Assert.Equal([10, 25, 40, 50], Enum.GetValues<MasteryDegree>().Select(d => d.BrevetPoints()));
        Assert.Equal([1, 2, 3, 4], Enum.GetValues<MasteryDegree>().Select(d => (int)d));
    }

    [Theory]
    [InlineData(29, MasteryDegree.Insufficient)]
    [InlineData(30, MasteryDegree.Fragile)]
    [InlineData(49, MasteryDegree.Fragile)]
    [InlineData(50, MasteryDegree.Satisfactory)]
    [InlineData(74, MasteryDegree.Satisfactory)]
    [InlineData(75, MasteryDegree.VeryGood)]
    public void Thresholds_are_configurable(int percent, MasteryDegree expected)
    {
        var thresholds = new MasteryThresholds(30, 50, 75);
        Assert.Empty(thresholds.Validate());
        Assert.Equal(expected, Mastery.DegreeOf(percent, thresholds));
    }

    [Fact]
    public void Threshold_validation()
    {
        Assert.Empty(MasteryThresholds.Default.Validate());
        Assert.NotEmpty(new MasteryThresholds(60, 50, 81).Validate());
        Assert.NotEmpty(new MasteryThresholds(35, 60, 101).Validate());
        Assert.NotEmpty(new MasteryThresholds(0, 60, 81).Validate());
    }

    [Fact]
    public void Component_mastery_keeps_computed_and_override()
    {
        var d = AcquisitionStates.Defaults;
        // A A VA NA: (100 + 100 + 50 + 0) / 4 = 250 / 4 = 62.5 → 63 → 60–80 → degree 3
        var mastery = Mastery.Compute(CommonCoreComponent.CpdFra, [d[2], d[2], d[1], d[0]], teacherOverride: MasteryDegree.VeryGood);
        Assert.Equal(63, mastery.Percent);
        Assert.Equal(MasteryDegree.Satisfactory, mastery.Computed);
        Assert.Equal(MasteryDegree.VeryGood, mastery.Override);
        Assert.Equal(MasteryDegree.VeryGood, mastery.Effective);

        var none = Mastery.Compute(CommonCoreComponent.CpdFra, []);
        Assert.Null(none.Percent);
        Assert.Null(none.Effective);
    }
}
