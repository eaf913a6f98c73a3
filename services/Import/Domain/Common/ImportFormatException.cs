namespace Sacoche.Import.Domain;

/// <summary>
/// A fatal rejection of an import file. <see cref="Code"/> is a stable machine key (used as the
/// ProblemDetails type suffix by the API); <see cref="Exception.Message"/> is French and meant for a
/// school administrator.
/// </summary>
public sealed class ImportFormatException : Exception
{
    public ImportFormatException(string code, string message, int? line = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Line = line;
    }

    public ImportFormatException()
        : this("malformed", "Le fichier est invalide.")
    {
    }

    public ImportFormatException(string message)
        : this("malformed", message)
    {
    }

    public ImportFormatException(string message, Exception innerException)
        : this("malformed", message, null, innerException)
    {
    }

    /// <summary>Stable code, e.g. "wrong-uai", "wrong-year", "malformed-xml", "dtd-forbidden".</summary>
    public string Code { get; }

    /// <summary>1-based line of the offending element or row, when known.</summary>
    public int? Line { get; }
}

/// <summary>Stable codes of <see cref="ImportFormatException"/>.</summary>
public static class ImportErrorCodes
{
    public const string WrongUai = "wrong-uai";
    public const string MissingUai = "missing-uai";
    public const string WrongYear = "wrong-year";
    public const string MissingYear = "missing-year";
    public const string PrivateTimetableSoftware = "private-timetable-software";
    public const string EmpStsFile = "emp-sts-file";
    public const string MalformedXml = "malformed-xml";
    public const string DtdForbidden = "dtd-forbidden";
    public const string WrongRoot = "wrong-root";
    public const string UnknownKind = "unknown-kind";
    public const string ZipEntry = "zip-entry";
    public const string ZipTooLarge = "zip-too-large";
    public const string ZipInvalid = "zip-invalid";
    public const string FileTooLarge = "file-too-large";
    public const string EmptyFile = "empty-file";
    public const string Encoding = "encoding";
}
