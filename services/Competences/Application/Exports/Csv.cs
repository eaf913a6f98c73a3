using System.Globalization;
using CsvHelper;
using Sacoche.ServiceDefaults.Csv;

namespace Sacoche.Competences.Application.Exports;

/// <summary>CSV for spreadsheet software used in French schools: UTF-8 with BOM, ';' separator, French number format.</summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly CsvWriterOptions Options = new()
    {
        Separator = ';',
        WriteByteOrderMark = true,
        NewLine = "\r\n",
        FormatProvider = French,
    };

    /// <summary>Writes the header then the rows (padded to the header's width; text cells neutralised against formulas, numbers and dates written as such).</summary>
    public static byte[] Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, Options, true))
        {
            foreach (var h in headers)
            {
                csv.WriteField(CsvCells.Neutralize(h));
            }
            csv.EndRecord();
            foreach (var row in rows)
            {
                for (int i = 0; i < headers.Count; i++)
                {
                    csv.WriteField(i < row.Count ? Format(row[i]) : "");
                }
                csv.EndRecord();
            }
        }
        return stream.ToArray();
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("dd/MM/yyyy", French),
        decimal m => m.ToString("0.0", French),
        IFormattable f => f.ToString(null, French),
        _ => CsvCells.Neutralize(value.ToString()),
    };
}
