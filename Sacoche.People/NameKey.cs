using System.Globalization;
using System.Text;

namespace Sacoche.People;

/// <summary>
/// The one rule under which two names are the same (docs/domain/formats.md, « Names »), for the
/// re-import planner and the ENT identifier matcher alike: diacritics removed (compatibility
/// decomposition, marks dropped), ligatures expanded (œ → oe, æ → ae, ß → ss), lower-case invariant;
/// every character that is neither a letter nor a digit (hyphen, apostrophe, dot, space…) only
/// separates words, and words are compared glued together. So "Jean-Marc" = "Jean Marc" = "JEANMARC",
/// "N'Diaye" = "NDiaye" = "N Diaye", "Gaëlle  LE  Bihan" = "gaelle le bihan", "De La Fontaine" = "Delafontaine".
/// </summary>
public static class NameKey
{
    /// <summary>The comparison key of one name: <see cref="Compact"/> of <see cref="Normalize"/> ("Jean-Marc" → "jeanmarc").</summary>
    public static string Of(string? name) => Compact(Normalize(name));

    /// <summary>The comparison key of a person: last name and first name keys ("dupontmartin|jeanmarc").</summary>
    public static string Of(string? lastName, string? firstName) => Of(lastName) + "|" + Of(firstName);

    /// <summary>Whether two names are the same under this rule.</summary>
    public static bool Same(string? a, string? b) => string.Equals(Of(a), Of(b), StringComparison.Ordinal);

    /// <summary>
    /// The words of a name, folded and separated by one space ("Jean-Pierre" → "jean pierre", "N'Diaye" → "n diaye"):
    /// what the ENT matcher's approximate pass compares word by word (<see cref="Tokens"/>).
    /// </summary>
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
                    // No canonical decomposition for these.
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

    /// <summary>A <see cref="Normalize">normalised</see> name without its spaces ("de la fontaine" → "delafontaine").</summary>
    public static string Compact(string normalized) => normalized.Replace(" ", string.Empty, StringComparison.Ordinal);

    /// <summary>The words of a <see cref="Normalize">normalised</see> name.</summary>
    public static string[] Tokens(string normalized) =>
        normalized.Length == 0 ? [] : normalized.Split(' ');
}
