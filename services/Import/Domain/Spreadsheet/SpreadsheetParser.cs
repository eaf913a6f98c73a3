using Sacoche.People.Csv;

namespace Sacoche.Import.Domain;

/// <summary>
/// CSV exports of spreadsheets for schools outside SIECLE. Spreadsheet software writes UTF-8 (often
/// with a BOM), UTF-16 or Windows-1252 and uses ';' (French Excel), ',' or TAB: read by <see cref="CsvFile"/>.
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

    /// <summary>Reads the file with the one CSV reader (<see cref="CsvFile"/>); the header record is dropped.</summary>
    internal static (List<(int Line, List<string> Cells)> Rows, char Separator, string Encoding) ReadRecords(Stream stream, ImportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CsvText csv;
        try
        {
            csv = CsvFile.Read(stream, new CsvFileOptions { MaxBytes = limits.MaxUploadBytes, MaxRecords = int.MaxValue });
        }
        catch (CsvLimitException)
        {
            throw new ImportFormatException(ImportErrorCodes.FileTooLarge, $"Le fichier dépasse la taille maximale autorisée ({ImportFileReader.FormatSize(limits.MaxUploadBytes)}).");
        }

        var records = csv.Records.Select(r => (r.Line, r.Cells.ToList())).ToList();
        if (records.Count > 0)
        {
            records.RemoveAt(0); // header
        }

        records.RemoveAll(r => r.Item2.TrueForAll(c => c.Trim().Length == 0));
        return (records, csv.Separator, csv.EncodingName);
    }
}
