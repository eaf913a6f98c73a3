using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sacoche.Identity.Domain;

public static class Credentials
{
    // No look-alike characters (0/O, 1/l/I): passwords are typed from a printed sheet.
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static string NewPassword(int length = 10) => RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>
    /// Login from a template such as <c>ppp.nnnnnnnn</c>: each <c>p</c> takes the next letter of the
    /// first name, each <c>n</c> of the last name; other characters are kept. Accents and
    /// non-letters are dropped, everything lower-case.
    /// </summary>
    public static string LoginFromTemplate(string template, string firstName, string lastName)
    {
        var first = Letters(firstName);
        var last = Letters(lastName);
        var sb = new StringBuilder();
        int fi = 0, li = 0;
        foreach (var c in template)
        {
            switch (c)
            {
                case 'p': if (fi < first.Length) { sb.Append(first[fi++]); } break;
                case 'n': if (li < last.Length) { sb.Append(last[li++]); } break;
                default: sb.Append(c); break;
            }
        }
        var login = sb.ToString().Trim('.', '-', '_');
        return login.Length == 0 ? "utilisateur" : login;
    }

    /// <summary>Makes <paramref name="login"/> unique by appending 2, 3… (the reference's rule).</summary>
    public static string MakeUnique(string login, Func<string, bool> taken)
    {
        if (!taken(login))
        {
            return login;
        }
        for (var i = 2; ; i++)
        {
            var candidate = login + i.ToString(CultureInfo.InvariantCulture);
            if (!taken(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>
    /// <paramref name="login"/> without its trailing digits. Two logins that <see cref="MakeUnique"/> can
    /// turn into the same one (a template login and the same plus digits) have the same stem: what
    /// serialises their creation.
    /// </summary>
    public static string LoginStem(string login) => login.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');

    private static string Letters(string value)
    {
        var sb = new StringBuilder();
        foreach (var c in value.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsAsciiLetter(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }
        return sb.ToString();
    }
}
