using Sacoche.People.Ent;

namespace Sacoche.Import.Domain.EntIdentifiers;

/// <summary>
/// One usable line of an ENT export. <see cref="EntId"/> is already normalised (trimmed, connector rule applied).
/// Profile, class and birth date are present only when the file has such columns.
/// </summary>
public sealed record EntCsvRow(
    int LineNumber,
    string LastName,
    string FirstName,
    string EntId,
    string? SiecleId = null,
    string? Profile = null,
    string? ClassName = null,
    DateOnly? BirthDate = null)
{
    /// <summary>Id as written in the file, before normalisation.</summary>
    public string RawEntId { get; init; } = EntId;
}

/// <summary>A line that cannot be used, with the reason in French, and what could be read of it.</summary>
public sealed record EntCsvRejectedRow(int LineNumber, string Reason, IReadOnlyList<string> Cells)
{
    public string LastName { get; init; } = string.Empty;

    public string FirstName { get; init; } = string.Empty;

    public string EntId { get; init; } = string.Empty;
}

/// <summary>Which optional columns were found (0-based indexes; null when absent).</summary>
public sealed record EntCsvExtraColumns(int? Profile, int? ClassName, int? BirthDate, string? FileProfile);

/// <summary>Result of reading one ENT export.</summary>
public sealed record EntCsvReadResult(
    IReadOnlyList<EntCsvRow> Rows,
    IReadOnlyList<EntCsvRejectedRow> Rejected,
    char Separator,
    string EncodingName,
    EntCsvExtraColumns ExtraColumns);

/// <summary>Limits and options of <see cref="EntCsvReader"/>.</summary>
public sealed record EntCsvReaderOptions
{
    public static EntCsvReaderOptions Default { get; } = new();

    /// <summary>Maximum file size in bytes (default 20 Mio).</summary>
    public long MaxBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Maximum number of lines (default 200 000).</summary>
    public int MaxLines { get; init; } = 200_000;

    /// <summary>Id normalisation rule, usually <see cref="EntConnector.IdNormalization"/>.</summary>
    public EntIdNormalization? IdNormalization { get; init; }
}

/// <summary>A file that cannot be read at all (message in French).</summary>
public sealed class EntCsvFileException : Exception
{
    public EntCsvFileException()
    {
    }

    public EntCsvFileException(string message)
        : base(message)
    {
    }

    public EntCsvFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
