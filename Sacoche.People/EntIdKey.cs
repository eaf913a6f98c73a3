using System.Globalization;
using System.Text;

namespace Sacoche.People;

/// <summary>
/// The form under which an ENT id is unique in an establishment, and the one comparison of ENT ids:
/// Import's matcher and directory (<c>people.ent_id_key</c>) and Identity's CAS sign-in
/// (<c>IdEntComparer</c>, <c>accounts.ent_id_normalized</c>) both call <see cref="Fold"/>, so they
/// cannot disagree on what a duplicate is (docs/domain/formats.md, « ENT ids »).
/// Trim, remove diacritics (FormD, drop the non-spacing marks), recompose (FormC), lower-case
/// invariant; punctuation is kept. "JDupont" ≡ "jdupont" ≡ " jdupont ", "Élodie.Martin" ≡ "elodie.martin".
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
