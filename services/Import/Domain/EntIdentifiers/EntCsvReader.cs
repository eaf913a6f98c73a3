using System.Globalization;
using System.Text;
using Sacoche.People;
using Sacoche.People.Csv;
using Sacoche.People.Ent;

namespace Sacoche.Import.Domain.EntIdentifiers;

/// <summary>
/// Reads an ENT "Extraction CSV complète des identifiants" according to an <see cref="EntCsvFormat"/>.
/// Bytes, encoding, separator and quoting are <see cref="CsvFile"/>'s (the one CSV reader); this class
/// only lays the records out (a title line with a single cell is rejected like any short line).
/// </summary>
public static class EntCsvReader
{
    private const int SampleRows = 200;

    public static EntCsvReadResult Read(Stream stream, EntCsvFormat format, EntCsvReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(format);
        options ??= EntCsvReaderOptions.Default;
        return Parse(Limited(options, o => CsvFile.Read(stream, o)), format, options);
    }

    /// <summary>Reads already decoded text (the encoding is then reported as "texte").</summary>
    public static EntCsvReadResult Read(TextReader reader, EntCsvFormat format, EntCsvReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(format);
        options ??= EntCsvReaderOptions.Default;
        var buffer = new char[81920];
        var sb = new StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            sb.Append(buffer, 0, read);
            if (sb.Length > options.MaxBytes)
            {
                throw TooLarge(options.MaxBytes);
            }
        }

        return Parse(Limited(options, o => CsvFile.Parse(sb.ToString(), "texte", o)), format, options);
    }

    private static CsvText Limited(EntCsvReaderOptions options, Func<CsvFileOptions, CsvText> read)
    {
        try
        {
            return read(new CsvFileOptions { MaxBytes = options.MaxBytes, MaxRecords = options.MaxLines });
        }
        catch (CsvLimitException ex) when (ex.Limit == CsvLimit.Bytes)
        {
            throw TooLarge(options.MaxBytes);
        }
        catch (CsvLimitException)
        {
            throw new EntCsvFileException(string.Create(
                CultureInfo.InvariantCulture, $"Fichier trop long : {options.MaxLines} lignes au maximum."));
        }
    }

    private static EntCsvFileException TooLarge(long maxBytes) => new(string.Create(
        CultureInfo.GetCultureInfo("fr-FR"),
        $"Fichier trop volumineux : {maxBytes / (1024.0 * 1024.0):0.#} Mo au maximum."));

    private sealed record Record(int LineNumber, List<string> Cells)
    {
        public bool IsBlank => Cells.TrueForAll(c => c.Trim().Length == 0);
    }

    // ---------------------------------------------------------------- layout

    private static EntCsvReadResult Parse(CsvText csv, EntCsvFormat format, EntCsvReaderOptions options)
    {
        char separator = csv.Separator;
        string encodingName = csv.EncodingName;
        List<Record> records = csv.Records.Select(r => new Record(r.Line, [.. r.Cells])).Where(r => !r.IsBlank).ToList();
        if (records.Count == 0)
        {
            throw new EntCsvFileException("Le fichier est vide.");
        }

        int headerCount = Math.Min(format.HeaderLines, records.Count);
        List<Record> headers = records.Take(headerCount).ToList();
        List<Record> data = records.Skip(headerCount).ToList();

        (int lastName, int firstName, int entId, int? siecle, Record? header) = ResolveMainColumns(format, headers);

        // An extra header line the format did not announce (or a header in a "no header" format).
        if (data.Count > 0 && LooksLikeHeader(data[0], lastName, firstName))
        {
            header = data[0];
            data.RemoveAt(0);
        }

        var used = new HashSet<int> { lastName, firstName, entId };
        if (siecle is { } s)
        {
            used.Add(s);
        }

        EntCsvExtraColumns extra = DetectExtraColumns(header, data, used, lastName, firstName, entId);
        string sepName = separator == '\t' ? "tabulation" : $"« {separator} »";
        var rows = new List<EntCsvRow>(data.Count);
        var rejected = new List<EntCsvRejectedRow>();
        int needed = Math.Max(Math.Max(lastName, firstName), entId);
        foreach (Record r in data)
        {
            List<string> cells = r.Cells;
            EntCsvRejectedRow Reject(string reason) => new(r.LineNumber, reason, cells)
            {
                LastName = lastName < cells.Count ? CleanName(cells[lastName]) : string.Empty,
                FirstName = firstName < cells.Count ? CleanName(cells[firstName]) : string.Empty,
                EntId = entId < cells.Count ? cells[entId].Trim() : string.Empty,
            };

            if (cells.Count < 3)
            {
                rejected.Add(Reject($"Ligne ignorée : moins de 3 cellules (séparateur {sepName})."));
                continue;
            }

            if (cells.Count <= needed)
            {
                rejected.Add(Reject(string.Create(
                    CultureInfo.InvariantCulture, $"Ligne ignorée : {cells.Count} cellules, la colonne n° {needed + 1} est absente.")));
                continue;
            }

            string nom = CleanName(cells[lastName]);
            string prenom = CleanName(cells[firstName]);
            string rawId = cells[entId];
            string id = EntIdNormalization.Clean(rawId, options.IdNormalization);
            var missing = new List<string>(3);
            if (id.Length == 0)
            {
                missing.Add("identifiant ENT");
            }

            if (nom.Length == 0)
            {
                missing.Add("nom");
            }

            if (prenom.Length == 0)
            {
                missing.Add("prénom");
            }

            if (missing.Count > 0)
            {
                string what = string.Join(", ", missing);
                rejected.Add(Reject(missing.Count == 1 ? $"Ligne ignorée : {what} vide." : $"Ligne ignorée : {what} vides."));
                continue;
            }

            string? siecleId = siecle is { } si && si < cells.Count ? CleanSiecleId(cells[si]) : null;
            string? profile = extra.Profile is { } p && p < cells.Count ? NullIfEmpty(cells[p]) : extra.FileProfile;
            string? className = extra.ClassName is { } c && c < cells.Count ? CleanClass(cells[c]) : null;
            DateOnly? birth = extra.BirthDate is { } b && b < cells.Count ? ParseDate(cells[b]) : null;
            rows.Add(new EntCsvRow(r.LineNumber, nom, prenom, id, siecleId, profile, className, birth) { RawEntId = rawId.Trim() });
        }

        return new EntCsvReadResult(rows, rejected, separator, encodingName, extra);
    }

    private static (int LastName, int FirstName, int EntId, int? Siecle, Record? Header) ResolveMainColumns(
        EntCsvFormat format, List<Record> headers)
    {
        Record? header = headers.Count > 0 ? headers[^1] : null;
        if (format.LocateBy == EntColumnLocator.Position)
        {
            return (format.LastName.Index!.Value, format.FirstName.Index!.Value, format.EntId.Index!.Value, format.SiecleId?.Index, header);
        }

        // Header names: use the header line that contains them (the last one that has the name column).
        for (int h = headers.Count - 1; h >= 0; h--)
        {
            List<string> cells = headers[h].Cells;
            int ln = FindHeader(cells, format.LastName.HeaderName!);
            int fn = FindHeader(cells, format.FirstName.HeaderName!);
            int id = FindHeader(cells, format.EntId.HeaderName!);
            if (ln < 0 && fn < 0 && id < 0)
            {
                continue;
            }

            var missing = new List<string>();
            if (ln < 0)
            {
                missing.Add(format.LastName.HeaderName!);
            }

            if (fn < 0)
            {
                missing.Add(format.FirstName.HeaderName!);
            }

            if (id < 0)
            {
                missing.Add(format.EntId.HeaderName!);
            }

            if (missing.Count > 0)
            {
                throw new EntCsvFileException(
                    $"Colonne(s) introuvable(s) dans la ligne d'en-tête : {string.Join(", ", missing.Select(m => $"« {m} »"))}. " +
                    "Vérifiez que le fichier est bien l'extraction complète des identifiants de votre ENT.");
            }

            int? siecle = format.SiecleId?.HeaderName is { } sn && FindHeader(cells, sn) is >= 0 and var si ? si : null;
            return (ln, fn, id, siecle, headers[h]);
        }

        throw new EntCsvFileException(
            $"Les colonnes « {format.LastName.HeaderName} », « {format.FirstName.HeaderName} » et « {format.EntId.HeaderName} » " +
            "n'ont pas été trouvées dans la ligne d'en-tête. Vérifiez que le fichier est bien l'extraction complète des identifiants de votre ENT.");
    }

    /// <summary>Exact (normalised) title, else a title followed by a profile suffix ("Nom eleve" in ItsLearning).</summary>
    private static int FindHeader(List<string> cells, string name)
    {
        string wanted = NameKey.Normalize(name);
        for (int i = 0; i < cells.Count; i++)
        {
            if (NameKey.Normalize(cells[i]) == wanted)
            {
                return i;
            }
        }

        for (int i = 0; i < cells.Count; i++)
        {
            string n = NameKey.Normalize(cells[i]);
            if (n.StartsWith(wanted + " ", StringComparison.Ordinal) && EntProfiles.ToSacocheProfiles(n[wanted.Length..]) is not null)
            {
                return i;
            }
        }

        return -1;
    }

    private static readonly HashSet<string> LastNameTitles = ["nom", "nom de famille", "nom d usage", "last name", "lastname", "surname", "family name"];
    private static readonly HashSet<string> FirstNameTitles = ["prenom", "prenoms", "first name", "firstname", "given name"];

    private static bool LooksLikeHeader(Record record, int lastName, int firstName)
    {
        if (record.Cells.Count <= Math.Max(lastName, firstName))
        {
            return false;
        }

        return IsTitle(record.Cells[lastName], LastNameTitles) && IsTitle(record.Cells[firstName], FirstNameTitles);

        static bool IsTitle(string cell, HashSet<string> titles)
        {
            string n = NameKey.Normalize(cell);
            return titles.Contains(n) || titles.Any(t => n.StartsWith(t + " ", StringComparison.Ordinal) && EntProfiles.ToSacocheProfiles(n[t.Length..]) is not null);
        }
    }

    // ---------------------------------------------------------------- optional columns

    private static EntCsvExtraColumns DetectExtraColumns(Record? header, List<Record> data, HashSet<int> used, int lastName, int firstName, int entId)
    {
        int? profile = null, className = null, birth = null;
        string? fileProfile = null;
        if (header is not null)
        {
            for (int i = 0; i < header.Cells.Count; i++)
            {
                if (used.Contains(i))
                {
                    continue;
                }

                string n = NameKey.Normalize(header.Cells[i]);
                if (profile is null && IsProfileTitle(n))
                {
                    profile = i;
                }
                else if (className is null && IsClassTitle(n))
                {
                    className = i;
                }
                else if (birth is null && IsBirthTitle(n))
                {
                    birth = i;
                }
            }

            // ItsLearning-like titles carrying the profile of the whole file ("Nom eleve", "Prénom enseignant").
            foreach (int i in new[] { lastName, firstName, entId })
            {
                if (i < header.Cells.Count && ProfileSuffix(header.Cells[i]) is { } suffix)
                {
                    fileProfile = suffix;
                    break;
                }
            }
        }

        // Without a recognised title, look at the values.
        List<Record> sample = data.Take(SampleRows).ToList();
        int width = sample.Count == 0 ? 0 : sample.Max(r => r.Cells.Count);
        for (int i = 0; i < width && (birth is null || profile is null); i++)
        {
            if (used.Contains(i) || i == profile || i == className || i == birth)
            {
                continue;
            }

            var values = sample.Where(r => i < r.Cells.Count).Select(r => r.Cells[i].Trim()).Where(v => v.Length > 0).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            int threshold = (int)Math.Ceiling(values.Count * 0.8);
            if (birth is null && values.Count(v => ParseDate(v) is not null) >= threshold)
            {
                birth = i;
            }
            else if (profile is null && values.Count(v => EntProfiles.ToSacocheProfiles(v) is not null) >= threshold)
            {
                profile = i;
            }
        }

        return new EntCsvExtraColumns(profile, className, birth, profile is null ? fileProfile : null);
    }

    /// <summary>Shortest trailing words of a title that name a profile: "Nom eleve" → "eleve".</summary>
    private static string? ProfileSuffix(string title)
    {
        string[] words = title.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int start = words.Length - 1; start >= 1; start--)
        {
            string suffix = string.Join(' ', words[start..]);
            if (EntProfiles.ToSacocheProfiles(suffix) is not null)
            {
                return suffix;
            }
        }

        return null;
    }

    private static bool IsProfileTitle(string n) =>
        n is "profil" or "profils" or "profile" or "profiles" or "type" or "type d utilisateur" or "type utilisateur"
            or "categorie" or "fonction" or "role" or "statut" or "entpersonprofils" or "profil ent"
        || n.StartsWith("profil", StringComparison.Ordinal);

    /// <summary>
    /// French titles, and the directory attribute names that ESUP-based ENTs use as titles
    /// (<c>ENTEleveClasses</c>, <c>ENTAuxEnsClasses</c>: "ent…classe(s)" once normalised).
    /// </summary>
    private static bool IsClassTitle(string n) =>
        n is "classe" or "classes" or "classe s" or "division" or "divisions" or "div" or "class" or "structure" or "groupe classe"
        || n.StartsWith("classe", StringComparison.Ordinal)
        || (n.StartsWith("ent", StringComparison.Ordinal) && n.Contains("classe", StringComparison.Ordinal));

    private static bool IsBirthTitle(string n) =>
        n is "ne e le" or "ne le" or "nee le" or "ne e" or "ddn" or "birthdate" or "birth date" or "date of birth" or "dob"
        || n.Contains("naissance", StringComparison.Ordinal);

    private static readonly string[] DateFormats =
        ["dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy", "d-M-yyyy", "dd.MM.yyyy", "d.M.yyyy", "yyyy-MM-dd", "yyyy/MM/dd"];

    internal static DateOnly? ParseDate(string value)
    {
        string v = value.Trim();
        int cut = v.IndexOfAny([' ', 'T']);
        if (cut > 0)
        {
            v = v[..cut];
        }

        return DateOnly.TryParseExact(v, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)
            && d.Year is > 1900 and < 2200
            ? d
            : null;
    }

    // ---------------------------------------------------------------- cells

    private static string CleanName(string cell)
    {
        string v = cell.Replace('\u00A0', ' ').Trim();
        return string.Join(' ', v.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string? NullIfEmpty(string cell)
    {
        string v = cell.Trim();
        return v.Length == 0 ? null : v;
    }

    /// <summary>
    /// A class cell; directory exports write a class as <c>structure$code</c> (<c>0341234A$4B</c>): the code is
    /// what follows the last <c>$</c>.
    /// </summary>
    private static string? CleanClass(string cell)
    {
        string? v = NullIfEmpty(cell);
        int dollar = v?.LastIndexOf('$') ?? -1;
        return dollar < 0 ? v : NullIfEmpty(v![(dollar + 1)..]);
    }

    /// <summary>SIECLE ids are integers: leading zeros dropped; empty or 0 means none.</summary>
    internal static string? CleanSiecleId(string? cell)
    {
        if (cell is null)
        {
            return null;
        }

        string v = cell.Trim();
        if (v.Length > 0 && v.All(char.IsAsciiDigit))
        {
            v = v.TrimStart('0');
        }

        return v.Length == 0 ? null : v;
    }
}
