using System.Globalization;
using System.Text;
using Sacoche.Identity.Domain.Cas;
using Sacoche.People;

namespace Sacoche.Identity.Tests.Cas;

/// <summary>
/// CAS sign-in compares ENT ids exactly as Import stores them unique (<see cref="EntIdKey"/>): otherwise Import
/// would let through an id that Identity's unique index refuses, or a user could not sign in with the id Import gave.
/// </summary>
public class EntIdAgreementTests
{
    [Theory]
    [InlineData("JDupont")]
    [InlineData(" jdupont\t")]
    [InlineData("\u00A0JDUPONT\u00A0")]
    [InlineData("Élodie.Martin")]
    [InlineData("E\u0301lodie.Martin")]
    [InlineData("ÉLOÏSE.Çà-Œ")]
    [InlineData("İbrahim")]
    [InlineData("")]
    [InlineData(null)]
    public void Sign_in_and_import_fold_alike(string? id)
    {
        Assert.Equal(EntIdKey.Fold(id), IdEntComparer.Normalize(id));
        Assert.True(IdEntComparer.AreSame(id, EntIdKey.Fold(id)));
    }

    [Theory]
    [InlineData("JDupont", "jdupont")]
    [InlineData("Éloïse", "E\u0301loi\u0308se")] // NFC against NFD
    [InlineData(" eloise ", "ELOÏSE")]
    public void Case_composition_and_surrounding_spaces_do_not_matter(string casUser, string importedId)
    {
        Assert.True(IdEntComparer.AreSame(casUser, importedId));
        Assert.True(EntIdKey.Same(casUser, importedId));
    }

    [Fact]
    public void Both_sides_agree_on_every_character()
    {
        var disagreements = new List<string>();
        static string Outcome(Func<string, string> fold, string s)
        {
            try
            {
                return "=" + fold(s);
            }
            catch (ArgumentException)
            {
                return "throws"; // code points .NET cannot normalise, such as U+FFFE
            }
        }

        void Check(string s)
        {
            if (Outcome(EntIdKey.Fold, s) != Outcome(IdEntComparer.Normalize, s))
            {
                disagreements.Add($"U+{string.Join(" U+", s.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)))}");
            }
        }

        for (int c = 0; c <= 0xFFFF; c++)
        {
            if (c is < 0xD800 or > 0xDFFF)
            {
                Check("a" + (char)c + "B");
            }
        }

        foreach (string s in (string[])["İpek", "ΣΟΦΙΑΣ", "Ǆemal", "Ｊｄｕｐｏｎｔ", "ﬁne", "Ångström", "e\u0301\u0327"])
        {
            Check(s);
            Check(s.Normalize(NormalizationForm.FormD));
        }

        Assert.True(disagreements.Count == 0, "Identity and Import fold differently: " + string.Join(", ", disagreements.Take(20)));
    }
}
