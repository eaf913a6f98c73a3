using System.Globalization;
using System.Text;

namespace Sacoche.Identity.Domain.Cas;

/// <summary>
/// Accent- and case-insensitive comparison of a <c>&lt;cas:user&gt;</c> with an account's id_ent, as the reference's
/// collation does. <see cref="Normalize"/> is meant to be stored in an indexed column and compared for equality.
/// </summary>
public sealed class IdEntComparer : IEqualityComparer<string?>
{
    public static IdEntComparer Instance { get; } = new();

    /// <summary>Trim, remove diacritics (FormD, drop non-spacing marks), lower-case (invariant). Null gives "".</summary>
    public static string Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var trimmed = value.Trim();
        if (IsPlainLowerAscii(trimmed))
        {
            return trimmed;
        }

        var decomposed = trimmed.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }

    /// <summary>Whether two ids designate the same account (normalised equality).</summary>
    public static bool AreSame(string? casUser, string? idEnt) =>
        string.Equals(Normalize(casUser), Normalize(idEnt), StringComparison.Ordinal);

    public bool Equals(string? x, string? y) => AreSame(x, y);

    public int GetHashCode(string? obj) => StringComparer.Ordinal.GetHashCode(Normalize(obj));

    private static bool IsPlainLowerAscii(string value)
    {
        foreach (var c in value)
        {
            if (c > 0x7F || char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }
}
