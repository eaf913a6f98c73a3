using Sacoche.Identity.Domain.Cas;

namespace Sacoche.Identity.Tests.Cas;

public class IdEntComparerTests
{
    [Theory]
    [InlineData("JDupont", "jdupont")]
    [InlineData("  jdupont12 ", "jdupont12")]
    [InlineData("Éloïse", "eloise")]
    [InlineData("ÉLOÏSE.Çà-Œ", "eloise.ca-œ")]
    [InlineData("Ge\u0301rard", "gerard")]
    [InlineData("İbrahim", "ibrahim")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalize(string? value, string expected)
    {
        Assert.Equal(expected, IdEntComparer.Normalize(value));
    }

    [Theory]
    [InlineData("JDupont", "jdupont", true)]
    [InlineData("Éloïse", "eloise", true)]
    [InlineData("eloise", "Eloïse ", true)]
    [InlineData("jdupont", "jdupond", false)]
    [InlineData("jdupont", "j dupont", false)]
    [InlineData("", null, true)]
    public void AreSame(string? casUser, string? idEnt, bool expected)
    {
        Assert.Equal(expected, IdEntComparer.AreSame(casUser, idEnt));
        Assert.Equal(expected, IdEntComparer.Instance.Equals(casUser, idEnt));
    }

    [Fact]
    public void Equal_ids_have_equal_hash_codes()
    {
        Assert.Equal(IdEntComparer.Instance.GetHashCode("Éloïse"), IdEntComparer.Instance.GetHashCode("eloise"));
    }

    [Fact]
    public void Usable_as_a_dictionary_comparer()
    {
        var accounts = new Dictionary<string, int>(IdEntComparer.Instance) { ["Éloïse.Martin"] = 7 };

        Assert.Equal(7, accounts["eloise.martin"]);
    }

    [Fact]
    public void Normalize_is_idempotent()
    {
        var once = IdEntComparer.Normalize("  ÀÉÎÕÜ ÿ ");

        Assert.Equal(once, IdEntComparer.Normalize(once));
        Assert.Equal("aeiou y", once);
    }
}
