using System.Text;

namespace Sacoche.People.Tests;

/// <summary>The one ENT id rule (docs/domain/formats.md, « ENT ids »).</summary>
public class EntIdKeyTests
{
    [Theory]
    [InlineData("JDupont", "jdupont")]
    [InlineData(" jdupont ", "jdupont")]
    [InlineData("\tJDUPONT\u00A0", "jdupont")]
    [InlineData("Élodie.Martin", "elodie.martin")]
    [InlineData("E\u0301lodie.Martin", "elodie.martin")] // decomposed accent
    [InlineData("Zoë_Lefèvre-Ñúñez", "zoe_lefevre-nunez")]
    [InlineData("O'Neil", "o'neil")] // punctuation is kept
    [InlineData("UT-75185265", "ut-75185265")]
    [InlineData("ẞtraße", "ßtraße")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData(null, "")]
    public void Fold_examples(string? id, string expected)
    {
        Assert.Equal(expected, EntIdKey.Fold(id));
        Assert.Equal(expected.Length == 0 ? null : expected, EntIdKey.FoldOrNull(id));
    }

    [Theory]
    [InlineData("JDupont", "jdupont", true)]
    [InlineData("JDupont", " jdupont ", true)]
    [InlineData("Élodie.Martin", "elodie.martin", true)]
    [InlineData("Élodie", "E\u0301lodie", true)] // NFC and NFD
    [InlineData("jdupont", "jdupont2", false)]
    [InlineData("j.dupont", "jdupont", false)]
    [InlineData("j dupont", "jdupont", false)] // inner spaces count
    public void Same_designates_the_same_ent_account(string a, string b, bool expected)
    {
        Assert.Equal(expected, EntIdKey.Same(a, b));
        Assert.Equal(expected, EntIdKey.Same(a.Normalize(NormalizationForm.FormD), b.Normalize(NormalizationForm.FormC)));
    }

    [Fact]
    public void Fold_is_idempotent()
    {
        string once = EntIdKey.Fold("  ÀÉÎÕÜ ÿ ");
        Assert.Equal("aeiou y", once);
        Assert.Equal(once, EntIdKey.Fold(once));
    }
}
