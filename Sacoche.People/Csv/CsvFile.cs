using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace Sacoche.People.Csv;

/// <summary>One record of a CSV file: the 1-based line where it starts and its cells (trimmed).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Cells)
{
    /// <summary>True when every cell is empty (a line of separators only).</summary>
    public bool IsBlank => Cells.All(c => c.Length == 0);
}

/// <summary>A decoded and split CSV file, with what was detected (docs/domain/formats.md, « CSV files »).</summary>
/// <param name="Records">Every record but empty lines, in file order.</param>
/// <param name="Separator">The detected separator.</param>
/// <param name="EncodingName">"UTF-8 (BOM)", "UTF-8", "UTF-16LE", "UTF-16BE", "Windows-1252", or "texte" for text given as such.</param>
public sealed record CsvText(IReadOnlyList<CsvRecord> Records, char Separator, string EncodingName);

/// <summary>Which limit of <see cref="CsvFileOptions"/> a file went past.</summary>
public enum CsvLimit
{
    Bytes,
    Records,
}

/// <summary>A file over a limit of <see cref="CsvFileOptions"/>; each caller words it for its users.</summary>
public sealed class CsvLimitException : Exception
{
    public CsvLimitException()
    {
    }

    public CsvLimitException(string message)
        : base(message)
    {
    }

    public CsvLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CsvLimitException(CsvLimit limit, long maximum)
        : base($"CSV file over its limit: {limit} > {maximum}.")
    {
        Limit = limit;
        Maximum = maximum;
    }

    public CsvLimit Limit { get; }

    public long Maximum { get; }
}

public sealed record CsvFileOptions
{
    public static CsvFileOptions Default { get; } = new();

    /// <summary>Maximum size in bytes (20 Mio by default).</summary>
    public long MaxBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Maximum number of records, empty lines included (200 000 by default).</summary>
    public int MaxRecords { get; init; } = 200_000;
}

/// <summary>
/// The one reader of the CSV files people upload (ENT identifier exports, spreadsheets), built on CsvHelper.
/// Encoding: a UTF-8, UTF-16 LE or UTF-16 BE byte order mark; otherwise UTF-8 when the bytes are valid UTF-8,
/// else Windows-1252 (what French spreadsheet software writes). Separator: detected once per file among
/// <c>;</c> TAB <c>,</c> <c>:</c> as the one that gives the most lines the same number of cells (at least 3) over
/// the first lines — a one-cell title line does not count; ties go in that order. Quoted cells (RFC 4180) may
/// hold separators, doubled quotes and line breaks.
/// </summary>
public static class CsvFile
{
    /// <summary>Separator candidates, in tie-break order (';' first: French spreadsheets use ',' as decimal mark).</summary>
    public static IReadOnlyList<char> Separators { get; } = [';', '\t', ',', ':'];

    private const int DetectionLines = 50;

    /// <summary>Reads, decodes and splits a file; <see cref="CsvLimitException"/> past a limit.</summary>
    public static CsvText Read(Stream stream, CsvFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= CsvFileOptions.Default;
        byte[] bytes = ReadBounded(stream, options.MaxBytes);
        (string text, string encodingName) = Decode(bytes);
        return Parse(text, encodingName, options);
    }

    /// <summary>Splits text already decoded (a leading BOM character is dropped).</summary>
    public static CsvText Parse(string text, string encodingName, CsvFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= CsvFileOptions.Default;
        text = text.TrimStart('\uFEFF');
        char separator = DetectSeparator(text);
        return new CsvText(Split(text, separator, options.MaxRecords), separator, encodingName);
    }

    /// <summary>The text of the bytes and the name of the encoding found.</summary>
    public static (string Text, string EncodingName) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Encoding.UTF8.GetString(bytes[3..]), "UTF-8 (BOM)");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode.GetString(bytes[2..]), "UTF-16LE");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "UTF-16BE");
        }

        if (Utf8.IsValid(bytes))
        {
            return (Encoding.UTF8.GetString(bytes), "UTF-8");
        }

        // Windows-1252 lives in the code-pages provider, not in the default set.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return (Encoding.GetEncoding(1252).GetString(bytes), "Windows-1252");
    }

    /// <summary>The separator of the text (see the class summary); ';' when no candidate splits a line in 3.</summary>
    public static char DetectSeparator(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sample = new StringBuilder();
        int lines = 0;
        foreach (ReadOnlySpan<char> line in text.AsSpan().EnumerateLines())
        {
            if (lines == DetectionLines)
            {
                break;
            }

            if (!line.IsWhiteSpace())
            {
                sample.Append(line).Append('\n');
                lines++;
            }
        }

        string head = sample.ToString();
        char best = Separators[0];
        int bestScore = 0;
        foreach (char separator in Separators)
        {
            var widths = new Dictionary<int, int>();
            foreach (CsvRecord record in Split(head, separator, int.MaxValue))
            {
                if (record.Cells.Count >= 3)
                {
                    widths[record.Cells.Count] = widths.GetValueOrDefault(record.Cells.Count) + 1;
                }
            }

            int score = widths.Count == 0 ? 0 : widths.Values.Max();
            if (score > bestScore)
            {
                best = separator;
                bestScore = score;
            }
        }

        return best;
    }

    private static List<CsvRecord> Split(string text, char separator, int maxRecords)
    {
        var options = new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = false,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            AllowLineBreaksInQuotes = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            DetectSeparatorHint = false,
        };
        var records = new List<CsvRecord>();
        using CsvReader reader = CsvReader.FromText(text, options);
        while (reader.Read())
        {
            if (records.Count == maxRecords)
            {
                throw new CsvLimitException(CsvLimit.Records, maxRecords);
            }

            var cells = new string[reader.FieldCount];
            for (int i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.GetString(i);
            }

            records.Add(new CsvRecord((int)reader.LineNumber, cells));
        }

        return records;
    }

    private static byte[] ReadBounded(Stream stream, long maxBytes)
    {
        if (stream.CanSeek && stream.Length - stream.Position > maxBytes)
        {
            throw new CsvLimitException(CsvLimit.Bytes, maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new CsvLimitException(CsvLimit.Bytes, maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
