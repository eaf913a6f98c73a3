using System.Globalization;

namespace Sacoche.People.Ent;

/// <summary>Catalog of ENT CSV layouts, loaded from <c>ent-csv-formats.tsv</c>.</summary>
public sealed class EntCsvFormats
{
    public const string EmbeddedResourceName = "Sacoche.People.ent-csv-formats.tsv";

    private readonly Dictionary<string, EntCsvFormat> _byName;

    private EntCsvFormats(List<EntCsvFormat> formats)
    {
        All = formats;
        _byName = formats.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Formats in file order.</summary>
    public IReadOnlyList<EntCsvFormat> All { get; }

    public EntCsvFormat this[string name] =>
        TryGet(name, out EntCsvFormat? format)
            ? format
            : throw new KeyNotFoundException($"Format de CSV d'ENT « {name} » inconnu.");

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EntCsvFormat? format)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name.Trim(), out format);
    }

    public static EntCsvFormats FromEmbedded()
    {
        using Stream stream = TsvTable.OpenEmbedded(EmbeddedResourceName);
        return Load(stream);
    }

    public static EntCsvFormats Load(Stream stream)
    {
        using TextReader reader = TsvTable.OpenText(stream);
        return Load(reader);
    }

    /// <summary>
    /// Columns: format, header_lines, locate_by (position | header-name), nom, prenom, id_ent, id_sconet (optional).
    /// </summary>
    public static EntCsvFormats Load(TextReader reader)
    {
        TsvTable table = TsvTable.Parse(reader, "ent-csv-formats", "format", "header_lines", "locate_by", "nom", "prenom", "id_ent");
        var formats = new List<EntCsvFormat>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach ((int line, string[] cells) in table.Rows)
        {
            string name = table.Get(cells, "format") ?? throw Error(line, "nom de format vide");
            if (!names.Add(name))
            {
                throw Error(line, $"format « {name} » en double");
            }

            string headerText = table.Get(cells, "header_lines") ?? "0";
            if (!int.TryParse(headerText, NumberStyles.None, CultureInfo.InvariantCulture, out int headerLines) || headerLines > 20)
            {
                throw Error(line, $"header_lines « {headerText} » invalide");
            }

            EntColumnLocator locator = (table.Get(cells, "locate_by") ?? "position").ToUpperInvariant() switch
            {
                "POSITION" => EntColumnLocator.Position,
                "HEADER-NAME" or "HEADER_NAME" or "HEADER" => EntColumnLocator.HeaderName,
                _ => throw Error(line, $"locate_by « {table.Get(cells, "locate_by")} » invalide"),
            };

            if (locator == EntColumnLocator.HeaderName && headerLines == 0)
            {
                throw Error(line, "repérage par nom de colonne sans ligne d'en-tête");
            }

            EntColumnRef Column(string column, bool required)
            {
                string? value = table.Get(cells, column);
                if (value is null)
                {
                    return required ? throw Error(line, $"colonne « {column} » vide") : null!;
                }

                if (locator == EntColumnLocator.HeaderName)
                {
                    return EntColumnRef.Named(value);
                }

                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                    ? EntColumnRef.AtIndex(index)
                    : throw Error(line, $"position « {value} » invalide pour « {column} »");
            }

            EntColumnRef? siecle = table.Get(cells, "id_sconet") is null ? null : Column("id_sconet", required: false);
            formats.Add(new EntCsvFormat(
                name,
                headerLines,
                locator,
                Column("nom", required: true),
                Column("prenom", required: true),
                Column("id_ent", required: true),
                siecle));
        }

        return new EntCsvFormats(formats);
    }

    private static FormatException Error(int line, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"ent-csv-formats, ligne {line} : {message}."));
}
