using System.Globalization;
using System.Text;

namespace Sacoche.Import.Domain;

public enum Gender
{
    Male = 1,
    Female = 2,
}

/// <summary>A non-fatal remark about one record (kept, skipped or altered).</summary>
/// <param name="Code">Stable code, e.g. "several-classes".</param>
/// <param name="Message">French text for the administrator.</param>
/// <param name="RecordId">Id of the record in the file (ELEVE_ID, PERSONNE_ID, STS id, row number).</param>
/// <param name="Line">1-based line in the file when known.</param>
public sealed record ImportWarning(string Code, string Message, string? RecordId = null, int? Line = null);

public sealed record PostalAddress(
    string? Line1,
    string? Line2,
    string? Line3,
    string? Line4,
    string? PostalCode,
    string? City,
    string? Country);

internal static class EncodingSetup
{
    private static int registered;

    /// <summary>ISO-8859-15 and Windows-1252 live in the code-pages provider, not in the default set.</summary>
    public static void EnsureCodePages()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }
    }
}

internal static class Values
{
    /// <summary>Parses dd/mm/yyyy (SIECLE, spreadsheets) or yyyy-mm-dd (STS) without culture lookups.</summary>
    public static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.AsSpan().Trim();
        if (s.Length == 10 && s[2] == '/' && s[5] == '/')
        {
            return Build(s.Slice(6, 4), s.Slice(3, 2), s.Slice(0, 2));
        }

        if (s.Length >= 10 && s[4] == '-' && s[7] == '-')
        {
            return Build(s.Slice(0, 4), s.Slice(5, 2), s.Slice(8, 2));
        }

        return DateOnly.TryParseExact(s, ["d/M/yyyy", "dd/MM/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

        static DateOnly? Build(ReadOnlySpan<char> y, ReadOnlySpan<char> m, ReadOnlySpan<char> d)
        {
            if (int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yy)
                && int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var mm)
                && int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var dd)
                && yy is >= 1900 and <= 2200 && mm is >= 1 and <= 12 && dd >= 1 && dd <= DateTime.DaysInMonth(yy, mm))
            {
                return new DateOnly(yy, mm, dd);
            }

            return null;
        }
    }

    /// <summary>1|G|M|M. → male; 2|F|MME|MLLE → female (SIECLE CODE_SEXE, civilities, spreadsheets).</summary>
    public static Gender? ParseGender(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.Trim().ToUpperInvariant();
        return s switch
        {
            "1" or "G" or "M" or "M." or "MR" or "MR." or "H" => Gender.Male,
            "2" or "F" or "MME" or "MME." or "MLLE" or "MLLE." or "3" => Gender.Female,
            _ => null,
        };
    }

    /// <summary>
    /// "M" or "MME", the two civilities of the LSU, from a civility or a sex as the files write them
    /// (STS CIVILITE 1/2/3, SIECLE LC_CIVILITE « M. », « MME », « Mme », « Mlle »…); null otherwise.
    /// </summary>
    public static string? ParseCivility(string? text) => ParseGender(text) switch
    {
        Gender.Male => "M",
        Gender.Female => "MME",
        _ => null,
    };

    /// <summary>
    /// A subject's BCN code on 6 digits: digits only, left-padded with zeros ("30201" → "030201"); null
    /// when the text is not 1 to 6 digits (a local code has no BCN code).
    /// </summary>
    public static string? BcnCode(string? text)
    {
        var s = Clean(text);
        if (s is null || s.Length > 6 || !s.All(char.IsAsciiDigit))
        {
            return null;
        }

        return s.PadLeft(6, '0');
    }

    public static string? Clean(string? s)
    {
        if (s is null)
        {
            return null;
        }

        var t = s.Trim();
        return t.Length == 0 ? null : t;
    }

    /// <summary>First 4 digits as a start year ("2026", "2026-2027").</summary>
    public static int? ParseStartYear(string? text)
    {
        var s = Clean(text);
        if (s is null || s.Length < 4)
        {
            return null;
        }

        return int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null;
    }
}
