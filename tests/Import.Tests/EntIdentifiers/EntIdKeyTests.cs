using System.Text;
using Sacoche.Identity.Domain.Cas;
using Sacoche.Import.Domain.EntIdentifiers;
using Xunit;

namespace Sacoche.Import.Tests.EntIdentifiers;

/// <summary>The fold under which ENT ids are unique: Identity's, to the character.</summary>
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

    [Fact]
    public void Same_designates_the_same_ent_account()
    {
        Assert.True(EntIdKey.Same("JDupont", "jdupont"));
        Assert.True(EntIdKey.Same("JDupont", " jdupont "));
        Assert.True(EntIdKey.Same("Élodie.Martin", "elodie.martin"));
        Assert.False(EntIdKey.Same("jdupont", "jdupont2"));
        Assert.False(EntIdKey.Same("j.dupont", "jdupont"));
    }

    [Fact]
    public void Fold_is_identitys_on_every_character_and_on_awkward_ids()
    {
        var disagreements = new List<string>();
        // Both refuse the same inputs (code points .NET cannot normalise, such as U+FFFE) by throwing.
        static string Outcome(Func<string, string> fold, string s)
        {
            try
            {
                return "=" + fold(s);
            }
            catch (ArgumentException)
            {
                return "throws";
            }
        }

        void Check(string s)
        {
            if (Outcome(EntIdKey.Fold, s) != Outcome(IdEntComparer.Normalize, s))
            {
                disagreements.Add($"U+{string.Join(" U+", s.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))}");
            }
        }

        for (int c = 0; c <= 0xFFFF; c++)
        {
            if (c is < 0xD800 or > 0xDFFF)
            {
                Check("a" + (char)c + "B");
                Check(((char)c).ToString());
            }
        }

        foreach (string s in (string[])["İpek", "ΣΟΦΙΑΣ", "Ǆemal", "Ｊｄｕｐｏｎｔ", "ﬁne", "Ångström", "e\u0301\u0327", "\U0001D400x", "x\U0001D167"])
        {
            Check(s);
            Check(s.Normalize(NormalizationForm.FormD));
        }

        Assert.True(disagreements.Count == 0, "EntIdKey.Fold differs from Identity's IdEntComparer.Normalize on: " + string.Join(", ", disagreements.Take(20)));
    }
}
