using System.Text;
using Sacoche.Import.Domain.EntIdentifiers;
using Sacoche.People;
using Sacoche.People.Ent;

namespace Sacoche.Import.Tests.EntIdentifiers;

internal static class EntTestHelpers
{
    private static readonly Lazy<EntCsvFormats> LazyFormats = new(EntCsvFormats.FromEmbedded);
    private static readonly Lazy<EntConnectors> LazyConnectors = new(EntConnectors.FromEmbedded);

    public static EntCsvFormats Formats => LazyFormats.Value;

    public static EntConnectors Connectors => LazyConnectors.Value;

    public static EntCsvReadResult ReadText(string text, string format, EntCsvReaderOptions? options = null)
    {
        using var stream = new MemoryStream(new UTF8Encoding(false).GetBytes(text));
        return EntCsvReader.Read(stream, Formats[format], options);
    }

    public static EntCsvReadResult ReadBytes(byte[] bytes, string format, EntCsvReaderOptions? options = null)
    {
        using var stream = new MemoryStream(bytes);
        return EntCsvReader.Read(stream, Formats[format], options);
    }

    public static MatchCandidate Person(
        string last,
        string first,
        string profile = "ELV",
        string? classCode = null,
        DateOnly? birth = null,
        string? siecle = null,
        string? entId = null,
        bool active = true,
        int id = 0) =>
        new(id == 0 ? Guid.NewGuid() : new Guid(id, 0, 0, new byte[8]), profile, last, first, birth, classCode, siecle, entId, active);

    public static EntCsvRow Row(
        int line,
        string last,
        string first,
        string entId,
        string? siecle = null,
        string? profile = null,
        string? className = null,
        DateOnly? birth = null) =>
        new(line, last, first, entId, siecle, profile, className, birth);
}
