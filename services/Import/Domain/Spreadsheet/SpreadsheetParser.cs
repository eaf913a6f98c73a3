using System.Text;
using System.Text.Unicode;

namespace Sacoche.Import.Domain;

/// <summary>
/// CSV exports of spreadsheets for schools outside SIECLE. Spreadsheet software writes either
/// UTF-8 (often with a BOM) or Windows-1252 and uses ';' (French Excel), ',' or TAB.
/// </summary>
public static class SpreadsheetParser
{
    private static readonly HashSet<string> StaffProfiles = new(StringComparer.Ordinal)
    {
        "DIR", "ENS", "DOC", "EDU", "AED", "SUR", "ORI", "MDS", "ADF", "PSE", "IEX",
    };

    public static SpreadsheetFile<SpreadsheetStudent> ParseStudents(Stream stream, ImportLimits? limits = null)
    {
        var (rows, sep, enc) = ReadRecords(stream, limits ?? ImportLimits.Default);
        var result = new List<SpreadsheetStudent>();
        var rejected = new List<SpreadsheetRejection>();
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, cells) in rows)
        {
            if (!CheckCommon(line, cells, rejected, numbers, out var id, out var last, out var first))
            {
                continue;
            }

            if (!TryDate(Cell(cells, 4), out var birth))
            {
                rejected.Add(new(line, $"Ligne {line} : date de naissance invalide « {Cell(cells, 4)} » (attendu jj/mm/aaaa)."));
                continue;
            }

            Claim(numbers, id, line);
            result.Add(new SpreadsheetStudent(line, id, Values.ParseGender(Cell(cells, 1)), last, first, birth, Cell(cells, 5), Cell(cells, 6), SplitPipe(Cell(cells, 7))));
        }

        return new(result, rejected, sep, enc);
    }

    public static SpreadsheetFile<SpreadsheetStaff> ParseStaff(Stream stream, ImportLimits? limits = null)
    {
        var (rows, sep, enc) = ReadRecords(stream, limits ?? ImportLimits.Default);
        var result = new List<SpreadsheetStaff>();
        var rejected = new List<SpreadsheetRejection>();
        var refs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, cells) in rows)
        {
            if (!CheckCommon(line, cells, rejected, refs, out var id, out var last, out var first))
            {
                continue;
            }

            var profile = (Cell(cells, 4) ?? "ENS").ToUpperInvariant();
            if (!StaffProfiles.Contains(profile))
            {
                rejected.Add(new(line, $"Ligne {line} : profil « {Cell(cells, 4)} » inconnu (attendu ENS, DIR, EDU, DOC…)."));
                continue;
            }

            Claim(refs, id, line);
            result.Add(new SpreadsheetStaff(line, id, Values.ParseGender(Cell(cells, 1)), last, first, profile, Cell(cells, 5), SplitPipe(Cell(cells, 6)), SplitPipe(Cell(cells, 7))));
        }

        return new(result, rejected, sep, enc);
    }

    public static SpreadsheetFile<SpreadsheetParent> ParseParents(Stream stream, ImportLimits? limits = null)
    {
        var (rows, sep, enc) = ReadRecords(stream, limits ?? ImportLimits.Default);
        var result = new List<SpreadsheetParent>();
        var rejected = new List<SpreadsheetRejection>();
        var refs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, cells) in rows)
        {
            if (!CheckCommon(line, cells, rejected, refs, out var id, out var last, out var first))
            {
                continue;
            }

            var children = new List<string>();
            for (var i = 12; i < Math.Min(cells.Count, 21); i++)
            {
                if (Cell(cells, i) is { } child && !children.Contains(child))
                {
                    children.Add(child);
                }
            }

            if (children.Count == 0)
            {
                rejected.Add(new(line, $"Ligne {line} : aucun enfant indiqué pour {last} {first} (colonnes enfant1 à enfant9)."));
                continue;
            }

            PostalAddress? address = null;
            if (Cell(cells, 5) is not null || Cell(cells, 9) is not null || Cell(cells, 10) is not null)
            {
                address = new PostalAddress(Cell(cells, 5), Cell(cells, 6), Cell(cells, 7), Cell(cells, 8), Cell(cells, 9), Cell(cells, 10), Cell(cells, 11));
            }

            Claim(refs, id, line);
            result.Add(new SpreadsheetParent(line, id, Values.ParseGender(Cell(cells, 1)), last, first, Cell(cells, 4), address, children));
        }

        return new(result, rejected, sep, enc);
    }

    private static bool CheckCommon(int line, List<string> cells, List<SpreadsheetRejection> rejected, Dictionary<string, int> ids, out string? id, out string last, out string first)
    {
        id = Cell(cells, 0);
        last = Cell(cells, 2) ?? string.Empty;
        first = Cell(cells, 3) ?? string.Empty;
        if (cells.Count < 4)
        {
            rejected.Add(new(line, $"Ligne {line} : {cells.Count} colonne(s) seulement, au moins 4 attendues (référence, genre, nom, prénom)."));
            return false;
        }

        if (last.Length == 0 || first.Length == 0)
        {
            rejected.Add(new(line, $"Ligne {line} : nom ou prénom manquant."));
            return false;
        }

        if (id is not null && ids.TryGetValue(id, out var firstLine))
        {
            rejected.Add(new(line, $"Ligne {line} : la référence « {id} » est déjà utilisée ligne {firstLine}."));
            return false;
        }

        return true;
    }

    /// <summary>Records the reference of an accepted row (rejected rows do not reserve theirs).</summary>
    private static void Claim(Dictionary<string, int> ids, string? id, int line)
    {
        if (id is not null)
        {
            ids[id] = line;
        }
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = Values.ParseDate(text);
        return text is null || date is not null;
    }

    private static string? Cell(List<string> cells, int index) => index < cells.Count ? Values.Clean(cells[index]) : null;

    private static IReadOnlyList<string> SplitPipe(string? text)
    {
        if (text is null)
        {
            return [];
        }

        var parts = text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Decodes, detects the separator and splits records; the header record is dropped.</summary>
    internal static (List<(int Line, List<string> Cells)> Rows, char Separator, string Encoding) ReadRecords(Stream stream, ImportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var text = DecodeText(stream, limits.MaxUploadBytes, out var encodingName);
        var separator = DetectSeparator(text);
        var records = Split(text, separator);
        if (records.Count > 0)
        {
            records.RemoveAt(0); // header
        }

        records.RemoveAll(r => r.Cells.TrueForAll(c => c.Trim().Length == 0));
        return (records, separator, encodingName);
    }

    /// <summary>UTF-8 (BOM stripped) when the bytes are valid UTF-8, otherwise Windows-1252.</summary>
    public static string DecodeText(Stream stream, long maxBytes, out string encodingName)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > maxBytes)
            {
                throw new ImportFormatException(ImportErrorCodes.FileTooLarge, $"Le fichier dépasse la taille maximale autorisée ({ImportFileReader.FormatSize(maxBytes)}).");
            }

            buffer.Write(chunk, 0, n);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            encodingName = "utf-8";
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (Utf8.IsValid(bytes))
        {
            encodingName = "utf-8";
            return Encoding.UTF8.GetString(bytes);
        }

        EncodingSetup.EnsureCodePages();
        encodingName = "windows-1252";
        return Encoding.GetEncoding(1252).GetString(bytes);
    }

    /// <summary>
    /// Picks among ';' ',' TAB the separator found on the most lines among the first ones, ignoring
    /// lines with no candidate at all (a one-cell title line must not decide). Ties prefer ';'
    /// (French spreadsheets use ',' as decimal mark).
    /// </summary>
    public static char DetectSeparator(string text)
    {
        ReadOnlySpan<char> candidates = [';', '\t', ','];
        Span<int> lines = stackalloc int[3];
        Span<int> totals = stackalloc int[3];
        Span<int> counts = stackalloc int[3];
        var examined = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            if (examined >= 20)
            {
                break;
            }

            counts.Clear();
            var inQuotes = false;
            foreach (var c in rawLine)
            {
                if (c == '"')
                {
                    inQuotes = !inQuotes;
                }
                else if (!inQuotes)
                {
                    var i = candidates.IndexOf(c);
                    if (i >= 0)
                    {
                        counts[i]++;
                    }
                }
            }

            if (counts[0] + counts[1] + counts[2] == 0)
            {
                continue;
            }

            examined++;
            for (var i = 0; i < 3; i++)
            {
                if (counts[i] > 0)
                {
                    lines[i]++;
                    totals[i] += counts[i];
                }
            }
        }

        var best = 0;
        for (var i = 1; i < 3; i++)
        {
            if (lines[i] > lines[best] || (lines[i] == lines[best] && totals[i] > totals[best]))
            {
                best = i;
            }
        }

        return lines[best] == 0 ? ';' : candidates[best];
    }

    /// <summary>RFC 4180 splitting (quoted fields, doubled quotes, newlines inside quotes).</summary>
    internal static List<(int Line, List<string> Cells)> Split(string text, char separator)
    {
        var records = new List<(int, List<string>)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    cell.Append(c);
                }

                continue;
            }

            if (c == '"' && cell.Length == 0)
            {
                inQuotes = true;
            }
            else if (c == separator)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' || c == '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(cell.ToString());
                cell.Clear();
                records.Add((recordLine, cells));
                cells = [];
                line++;
                recordLine = line;
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add((recordLine, cells));
        }

        return records;
    }
}
