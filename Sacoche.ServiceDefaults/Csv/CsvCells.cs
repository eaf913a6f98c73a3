namespace Sacoche.ServiceDefaults.Csv;

/// <summary>
/// Cells of every CSV the system writes for spreadsheet software. A text cell that a spreadsheet
/// would read as a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab, CR) gets a leading quote
/// (OWASP "CSV injection"): names and item labels come from other users, even from other
/// establishments through the academy catalog.
/// </summary>
public static class CsvCells
{
    /// <summary>The value with a leading <c>'</c> when a spreadsheet would evaluate it.</summary>
    public static string Neutralize(string? value)
    {
        var v = value ?? string.Empty;
        return v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + v : v;
    }

    /// <summary>A neutralised cell, quoted when it holds the separator, a quote or a line break.</summary>
    public static string Escape(string? value, char separator = ';')
    {
        var v = Neutralize(value);
        return v.AsSpan().IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}
