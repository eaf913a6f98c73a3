using System.Globalization;
using System.Text;

namespace Sacoche.Import.Domain.EntIdentifiers;

/// <summary>
/// The form under which an ENT id is unique in an establishment: what CAS sign-in compares. It must stay
/// exactly Identity's <c>IdEntComparer.Normalize</c> (trim, remove diacritics — FormD then drop the
/// non-spacing marks —, FormC, lower-case invariant), or the two services would disagree on what a
/// duplicate is: Import would let through an id that Identity's unique index refuses, or the reverse.
/// "JDupont" ≡ "jdupont" ≡ " jdupont ", "Élodie.Martin" ≡ "elodie.martin"; punctuation is kept.
/// Stored in <c>people.ent_id_key</c> (unique per establishment).
/// </summary>
public static class EntIdKey
{
    /// <summary>The folded id; "" for null, empty or blank.</summary>
    public static string Fold(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        string trimmed = value.Trim();
        if (IsPlainLowerAscii(trimmed))
        {
            return trimmed;
        }

        string decomposed = trimmed.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }

    /// <summary>The folded id, or null when there is none (what the database column holds).</summary>
    public static string? FoldOrNull(string? value) => Fold(value) is { Length: > 0 } key ? key : null;

    /// <summary>Whether two ids designate the same ENT account.</summary>
    public static bool Same(string? a, string? b) => string.Equals(Fold(a), Fold(b), StringComparison.Ordinal);

    private static bool IsPlainLowerAscii(string value)
    {
        foreach (char c in value)
        {
            if (c > 0x7F || char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }
}
