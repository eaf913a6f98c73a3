using Sacoche.Identity.Application.Accounts;

namespace Sacoche.Identity.Tests.Accounts;

/// <summary>The strength rule of a password one chooses for oneself (<c>POST /api/identity/me/password</c>).</summary>
public sealed class PasswordStrengthTests
{
    [Theory]
    [InlineData("court-1", "8 caractères")]            // 7 characters
    [InlineData("seulementdeslettres", "lettres")]      // no digit nor sign
    [InlineData("12345678", "lettres")]                 // no letter
    [InlineData("Ancien-mot-1", "différent")]           // the current one again
    [InlineData("xx-anne.martin-9", "identifiant")]     // holds the login
    public void Weak_passwords_are_refused_in_French(string password, string expected)
    {
        Assert.Contains(expected, AccountService.StrengthProblem(password, "Ancien-mot-1", "anne.martin"));
    }

    [Theory]
    [InlineData("Nouveau-1")]     // 9 characters, letters and signs
    [InlineData("motdepasse8")]   // letters and a digit
    [InlineData("été à la mer!")] // accented letters and other signs
    public void Strong_enough_passwords_pass(string password)
    {
        Assert.Null(AccountService.StrengthProblem(password, "Ancien-mot-1", "anne.martin"));
    }

    [Fact]
    public void The_limits_are_8_and_128_characters()
    {
        Assert.Null(AccountService.StrengthProblem("abcdefg1", "x", "login"));
        Assert.NotNull(AccountService.StrengthProblem("abcdef1", "x", "login"));
        Assert.Null(AccountService.StrengthProblem("a1" + new string('b', 126), "x", "login"));
        Assert.NotNull(AccountService.StrengthProblem("a1" + new string('b', 127), "x", "login"));
    }
}
