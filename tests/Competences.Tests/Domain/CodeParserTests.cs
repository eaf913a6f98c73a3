using Sacoche.Competences.Domain;
using Xunit;

namespace Sacoche.Competences.Tests.Domain;

public class CodeParserTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("4", 4)]
    [InlineData("RR", 1)]
    [InlineData("r", 2)]
    [InlineData(" v ", 3)]
    [InlineData("vV", 4)]
    public void Ids_and_sigles_of_active_codes(string input, int expectedId)
    {
        var result = CodeParser.Parse(input, GradeCodes.Defaults);
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(EntryCode.Grade(expectedId), result.Code);
    }

    [Theory]
    [InlineData("AB", SpecialCode.AB)]
    [InlineData("di", SpecialCode.DI)]
    [InlineData("Ne", SpecialCode.NE)]
    [InlineData("NF", SpecialCode.NF)]
    [InlineData("nn", SpecialCode.NN)]
    [InlineData("NR", SpecialCode.NR)]
    [InlineData("pa", SpecialCode.PA)]
    public void Special_codes(string input, SpecialCode expected)
    {
        var result = CodeParser.Parse(input, GradeCodes.Defaults);
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(expected, result.Code.AsSpecial);
    }

    [Fact]
    public void Inactive_id_is_refused_in_french()
    {
        var result = CodeParser.Parse("5", GradeCodes.Defaults);
        Assert.False(result.IsSuccess);
        Assert.Equal(
            "Le code n° 5 n'est pas actif : saisir un numéro (1, 2, 3, 4), un sigle (RR, R, V, VV) ou un code spécial (AB, DI, NE, NF, NN, NR, PA).",
            result.Error);
    }

    [Fact]
    public void Inactive_sigle_unknown_text_id_7_and_empty_are_refused()
    {
        Assert.StartsWith("Le code « X » n'est pas actif", CodeParser.Parse("x", GradeCodes.Defaults).Error, StringComparison.Ordinal);
        Assert.StartsWith("Code « ZZ » inconnu : saisir", CodeParser.Parse("ZZ", GradeCodes.Defaults).Error, StringComparison.Ordinal);
        Assert.StartsWith("Le code n° 7 n'existe pas", CodeParser.Parse("7", GradeCodes.Defaults).Error, StringComparison.Ordinal);
        Assert.StartsWith("Code vide", CodeParser.Parse("  ", GradeCodes.Defaults).Error, StringComparison.Ordinal);
        Assert.StartsWith("Code vide", CodeParser.Parse(null, GradeCodes.Defaults).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_active_codes_may_be_passed()
    {
        var active = GradeCodes.ActiveOf(GradeCodes.Defaults);
        Assert.Equal(EntryCode.Grade(3), CodeParser.Parse("3", active).Code);
        Assert.StartsWith("Le code n° 6 n'existe pas", CodeParser.Parse("6", active).Error, StringComparison.Ordinal);
    }
}
