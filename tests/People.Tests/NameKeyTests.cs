namespace Sacoche.People.Tests;

/// <summary>The one name rule (docs/domain/formats.md, « Names »).</summary>
public class NameKeyTests
{
    [Theory]
    [InlineData("Jean-Marc", "Jean Marc")]
    [InlineData("Jean-Marc", "JEAN MARC")]
    [InlineData("Jean-Marc", "jeanmarc")]
    [InlineData("N'Diaye", "NDiaye")]
    [InlineData("N'Diaye", "N Diaye")]
    [InlineData("N’DIAYE", "n'diaye")]
    [InlineData("Gaëlle  LE  Bihan", "gaelle le bihan")]
    [InlineData("De La Fontaine", "Delafontaine")]
    [InlineData("ŒDIPE", "Oedipe")]
    [InlineData("Straße", "Strasse")]
    [InlineData("Zoé", "Zoe\u0301")] // decomposed accent
    [InlineData(" Léa ", "LEA")]
    public void Same_names(string a, string b)
    {
        Assert.True(NameKey.Same(a, b), $"« {a} » = « {b} »");
        Assert.Equal(NameKey.Of(a), NameKey.Of(b));
    }

    [Theory]
    [InlineData("Jean-Marc", "Jean")]
    [InlineData("Marc", "Mark")]
    [InlineData("Diaye", "NDiaye")]
    [InlineData("Léa", "Lena")]
    public void Different_names(string a, string b) => Assert.False(NameKey.Same(a, b));

    [Fact]
    public void A_person_key_keeps_last_and_first_name_apart()
    {
        Assert.Equal("dupontmartin|jeanmarc", NameKey.Of("DUPONT-MARTIN", "Jean Marc"));
        Assert.NotEqual(NameKey.Of("Jean", "Marc"), NameKey.Of("Jeanmarc", ""));
        Assert.Equal("|", NameKey.Of(null, "  "));
    }

    [Theory]
    [InlineData("Jean-Pierre", "jean pierre")]
    [InlineData("N'Diaye", "n diaye")]
    [InlineData("N’DIAYE", "n diaye")]
    [InlineData("  Zoé   LÉGER ", "zoe leger")]
    [InlineData("Ça--va", "ca va")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Words_are_separated_by_one_space(string? name, string expected)
    {
        Assert.Equal(expected, NameKey.Normalize(name));
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), NameKey.Tokens(NameKey.Normalize(name)));
    }
}
