using System.Globalization;

namespace Sacoche.People.Ent;

/// <summary>How the columns of an ENT CSV export are located.</summary>
public enum EntColumnLocator
{
    /// <summary>0-based column index.</summary>
    Position,

    /// <summary>Column title in the header line.</summary>
    HeaderName,
}

/// <summary>A column of an ENT CSV export: either a 0-based index or a header title.</summary>
public sealed record EntColumnRef
{
    private EntColumnRef(int? index, string? headerName)
    {
        Index = index;
        HeaderName = headerName;
    }

    /// <summary>0-based index when located by position.</summary>
    public int? Index { get; }

    /// <summary>Header title when located by header name.</summary>
    public string? HeaderName { get; }

    public static EntColumnRef AtIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new EntColumnRef(index, null);
    }

    public static EntColumnRef Named(string headerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(headerName);
        return new EntColumnRef(null, headerName.Trim());
    }

    public override string ToString() =>
        Index is { } i ? i.ToString(CultureInfo.InvariantCulture) : HeaderName ?? string.Empty;
}

/// <summary>
/// Layout of the "Extraction CSV complète des identifiants" of one ENT vendor
/// (one line of <c>ent-csv-formats.tsv</c>).
/// </summary>
public sealed record EntCsvFormat(
    string Name,
    int HeaderLines,
    EntColumnLocator LocateBy,
    EntColumnRef LastName,
    EntColumnRef FirstName,
    EntColumnRef EntId,
    EntColumnRef? SiecleId)
{
    /// <summary>True when the export carries the SIECLE id, which is then the matching key.</summary>
    public bool HasSiecleId => SiecleId is not null;
}
