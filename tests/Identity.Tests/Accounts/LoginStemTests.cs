using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Tests.Accounts;

/// <summary>The stem that serialises the creation of accounts whose logins could end the same.</summary>
public sealed class LoginStemTests
{
    [Theory]
    [InlineData("jea.dupont", "jea.dupont")]
    [InlineData("jea.dupont2", "jea.dupont")]
    [InlineData("jea.dupont123", "jea.dupont")]
    [InlineData("jd1", "jd")] // a template ending with a digit: "jd1" and "jd12" (its namesake) share the stem
    public void A_login_and_its_suffixed_forms_share_a_stem(string login, string stem) =>
        Assert.Equal(stem, Credentials.LoginStem(login));

    [Fact]
    public void Every_login_MakeUnique_can_give_has_the_stem_of_the_template_login()
    {
        var stem = Credentials.LoginStem("jd1");
        var taken = new HashSet<string>(StringComparer.Ordinal) { "jd1", "jd12", "jd13" };

        Assert.Equal(stem, Credentials.LoginStem(Credentials.MakeUnique("jd1", taken.Contains)));
        Assert.Equal(stem, Credentials.LoginStem(Credentials.MakeUnique("jd12", taken.Contains)));
    }
}
