using System.Globalization;

namespace Sacoche.People.Ent;

/// <summary>
/// Catalog of ENT CAS connectors, loaded from <c>ent-cas-connectors.tsv</c>.
/// Optional columns <c>id_pattern</c> / <c>id_replacement</c> give a per-line id normalisation
/// rule (so it can change without a release); otherwise <see cref="EntIdNormalization.BuiltInFor"/> applies.
/// </summary>
public sealed class EntConnectors
{
    public const string EmbeddedResourceName = "Sacoche.People.ent-cas-connectors.tsv";

    private readonly Dictionary<string, EntConnector> _byName;

    private EntConnectors(List<EntConnector> lines)
    {
        All = lines;
        _byName = new Dictionary<string, EntConnector>(StringComparer.OrdinalIgnoreCase);
        foreach (EntConnector c in lines)
        {
            _byName.TryAdd(c.Connector, c);
        }
    }

    /// <summary>All catalog lines (a connector listed for several départements appears several times).</summary>
    public IReadOnlyList<EntConnector> All { get; }

    /// <summary>Distinct connector names, in catalog order.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    public IReadOnlyList<EntConnector> ForDepartment(string department)
    {
        ArgumentNullException.ThrowIfNull(department);
        string d = department.Trim();
        return All.Where(c => string.Equals(c.Department, d, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    public bool TryGet(string connector, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EntConnector? result)
    {
        ArgumentNullException.ThrowIfNull(connector);
        return _byName.TryGetValue(connector.Trim(), out result);
    }

    public EntConnector this[string connector] =>
        TryGet(connector, out EntConnector? c) ? c : throw new KeyNotFoundException($"Connecteur d'ENT « {connector} » inconnu.");

    /// <summary>Checks that every connector refers to a known CSV format; returns French problems.</summary>
    public IReadOnlyList<string> Validate(EntCsvFormats formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        return All
            .Where(c => !formats.TryGet(c.CsvFormat, out _))
            .Select(c => $"Connecteur « {c.Connector} » : format de CSV « {c.CsvFormat} » inconnu.")
            .Distinct()
            .ToList();
    }

    public static EntConnectors FromEmbedded()
    {
        using Stream stream = TsvTable.OpenEmbedded(EmbeddedResourceName);
        return Load(stream);
    }

    public static EntConnectors Load(Stream stream)
    {
        using TextReader reader = TsvTable.OpenText(stream);
        return Load(reader);
    }

    /// <summary>
    /// Columns: connector, department, label, vendor, csv_format, host, port, root, url_login,
    /// url_logout, url_validate, optional id_pattern, id_replacement.
    /// </summary>
    public static EntConnectors Load(TextReader reader)
    {
        TsvTable table = TsvTable.Parse(reader, "ent-cas-connectors", "connector", "label", "csv_format");
        var list = new List<EntConnector>();
        foreach ((int line, string[] cells) in table.Rows)
        {
            string name = table.Get(cells, "connector") ?? throw Error(line, "connecteur vide");
            string portText = table.Get(cells, "port") ?? "*";
            int? port = null;
            if (portText != "*")
            {
                if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p is < 1 or > 65535)
                {
                    throw Error(line, $"port « {portText} » invalide");
                }

                port = p;
            }

            EntIdNormalization? rule;
            string? pattern = table.Get(cells, "id_pattern");
            if (pattern is not null)
            {
                rule = new EntIdNormalization(pattern, table.Get(cells, "id_replacement") ?? string.Empty);
                try
                {
                    _ = rule.Apply(string.Empty);
                }
                catch (ArgumentException ex)
                {
                    throw Error(line, $"id_pattern invalide ({ex.Message})");
                }
            }
            else
            {
                rule = EntIdNormalization.BuiltInFor(name);
            }

            list.Add(new EntConnector(
                name,
                table.Get(cells, "department"),
                table.Get(cells, "label") ?? name,
                table.Get(cells, "vendor"),
                table.Get(cells, "csv_format") ?? throw Error(line, "csv_format vide"),
                table.Get(cells, "host"),
                port,
                table.Get(cells, "root"),
                table.Get(cells, "url_login"),
                table.Get(cells, "url_logout"),
                table.Get(cells, "url_validate"),
                rule));
        }

        return new EntConnectors(list);
    }

    private static FormatException Error(int line, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"ent-cas-connectors, ligne {line} : {message}."));
}
