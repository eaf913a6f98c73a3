using System.Globalization;
using System.Text;

namespace Sacoche.People.Ent;

/// <summary>Minimal reader of the tab-separated catalog files (first line = column names).</summary>
internal sealed class TsvTable
{
    private readonly Dictionary<string, int> _columns;

    private TsvTable(Dictionary<string, int> columns, List<(int Line, string[] Cells)> rows)
    {
        _columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<(int Line, string[] Cells)> Rows { get; }

    public bool HasColumn(string name) => _columns.ContainsKey(name);

    public static TsvTable Parse(TextReader reader, string tableName, params string[] requiredColumns)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? header = reader.ReadLine();
        while (header is not null && header.Trim().Length == 0)
        {
            header = reader.ReadLine();
        }

        if (header is null)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Table « {tableName} » vide."));
        }

        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        string[] names = header.TrimStart('\uFEFF').Split('\t');
        for (int i = 0; i < names.Length; i++)
        {
            columns.TryAdd(names[i].Trim(), i);
        }

        foreach (string required in requiredColumns)
        {
            if (!columns.ContainsKey(required))
            {
                throw new FormatException($"Table « {tableName} » : colonne « {required} » absente.");
            }
        }

        var rows = new List<(int, string[])>();
        int lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            rows.Add((lineNumber, line.Split('\t')));
        }

        return new TsvTable(columns, rows);
    }

    public static TextReader OpenText(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
    }

    public static Stream OpenEmbedded(string logicalName)
    {
        return typeof(EntCsvFormats).Assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"Ressource embarquée « {logicalName} » introuvable.");
    }

    /// <summary>Trimmed cell, or null when the column is missing or the cell empty.</summary>
    public string? Get(string[] cells, string column)
    {
        if (!_columns.TryGetValue(column, out int index) || index >= cells.Length)
        {
            return null;
        }

        string value = cells[index].Trim();
        return value.Length == 0 ? null : value;
    }
}
