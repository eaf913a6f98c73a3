using System.Globalization;
using System.Text;

namespace Sacoche.Import.Domain.EntIdentifiers;

/// <summary>
/// Accent-, case- and punctuation-insensitive form of a name: diacritics removed, ligatures
/// expanded (œ → oe), lower-case invariant, every non letter/digit (hyphen, apostrophe, dot…)
/// folded to one space, spaces collapsed. "Jean-Pierre" = "jean pierre", "N'Diaye" = "n diaye".
/// </summary>
public static class NameKey
{
    public static string Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        string decomposed = value.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        bool pendingSpace = false;
        foreach (char ch in decomposed)
        {
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
            {
                if (pendingSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                pendingSpace = false;
                switch (ch)
                {
                    case 'œ' or 'Œ': sb.Append("oe"); break;
                    case 'æ' or 'Æ': sb.Append("ae"); break;
                    case 'ß': sb.Append("ss"); break;
                    case 'ø' or 'Ø': sb.Append('o'); break;
                    case 'đ' or 'Đ': sb.Append('d'); break;
                    case 'ł' or 'Ł': sb.Append('l'); break;
                    case 'ı': sb.Append('i'); break;
                    default: sb.Append(char.ToLowerInvariant(ch)); break;
                }
            }
            else
            {
                pendingSpace = true;
            }
        }

        return sb.ToString();
    }

    /// <summary>Normalised form without any space ("De La Fontaine" = "Delafontaine").</summary>
    public static string Compact(string normalized) => normalized.Replace(" ", string.Empty, StringComparison.Ordinal);

    public static string[] Tokens(string normalized) =>
        normalized.Length == 0 ? [] : normalized.Split(' ');
}
