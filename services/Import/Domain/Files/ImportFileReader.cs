using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Sacoche.Import.Domain;

public enum ImportFileKind
{
    /// <summary>SIECLE BEE_ELEVES.</summary>
    SiecleStudents = 1,

    /// <summary>SIECLE BEE_RESPONSABLES.</summary>
    SiecleGuardians = 2,

    /// <summary>STS-web STS_EDT (sts_emp_UAI_YYYY.xml).</summary>
    Sts = 3,

    /// <summary>SIECLE BEE_NOMENCLATURES (recognised, not imported by itself).</summary>
    SiecleNomenclature = 4,

    /// <summary>Not XML: a CSV whose kind (students, staff, parents) the caller chooses.</summary>
    Spreadsheet = 5,
}

/// <summary>An upload opened for parsing; dispose it to release the archive.</summary>
public sealed class OpenedImportFile : IDisposable
{
    private readonly IDisposable? owner;
    private readonly IDisposable? buffer;

    internal OpenedImportFile(ImportFileKind kind, Stream content, string? innerName, IDisposable? owner, IDisposable? buffer)
    {
        Kind = kind;
        Content = content;
        InnerName = innerName;
        this.owner = owner;
        this.buffer = buffer;
    }

    public ImportFileKind Kind { get; }

    /// <summary>Stream to hand to the matching parser (read once, forward only).</summary>
    public Stream Content { get; }

    /// <summary>Name of the zip entry when the upload was a zip.</summary>
    public string? InnerName { get; }

    public void Dispose()
    {
        Content.Dispose();
        owner?.Dispose();
        buffer?.Dispose();
    }
}

public static partial class ImportFileReader
{
    private static readonly string[] ExpectedNames =
    [
        "ElevesSansAdresses.xml",
        "ElevesAvecAdresses.xml",
        "ResponsablesAvecAdresses.xml",
        "ResponsablesSansAdresses.xml",
        "Nomenclature.xml",
    ];

    [GeneratedRegex(@"^sts_emp_[0-9]{7}[A-Za-z]_[0-9]{4}\.xml$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StsEntryName();

    /// <summary>
    /// Detects the kind of an upload from its content (never from its extension alone), unwrapping
    /// a zip when needed. Sizes are enforced while bytes flow, so a lying zip header cannot smuggle
    /// a decompression bomb through.
    /// </summary>
    public static OpenedImportFile Open(Stream stream, string fileName, ImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= ImportLimits.Default;
        RejectEmpSts(fileName);

        var head = new PeekStream(new CountingStream(stream, limits.MaxUploadBytes, null, ownsInner: false), 4096);
        var prefix = head.Prefix;
        if (prefix.Length == 0)
        {
            throw new ImportFormatException(ImportErrorCodes.EmptyFile, "Le fichier est vide.");
        }

        if (prefix.Length >= 4 && prefix[0] == (byte)'P' && prefix[1] == (byte)'K' && prefix[2] is 3 or 5 && prefix[3] is 4 or 6)
        {
            return OpenZip(head, limits);
        }

        return new OpenedImportFile(DetectKind(prefix), head, null, null, null);
    }

    private static void RejectEmpSts(string? name)
    {
        var baseName = Path.GetFileName(name ?? string.Empty);
        if (baseName.StartsWith("emp_sts_", StringComparison.OrdinalIgnoreCase))
        {
            // emp_sts_* goes from the timetable software *to* STS-web; we need the opposite export.
            throw new ImportFormatException(
                ImportErrorCodes.EmpStsFile,
                $"Le fichier « {baseName} » est destiné à STS-web (export du logiciel d'emploi du temps) : importez l'export de STS-web « sts_emp_UAI_ANNEE.xml ».");
        }
    }

    private static OpenedImportFile OpenZip(Stream head, ImportLimits limits)
    {
        // ZipArchive needs to seek to the central directory: buffer the (size-bounded) upload.
        var buffer = new MemoryStream();
        ZipArchive? archive = null;
        try
        {
            head.CopyTo(buffer);
            buffer.Position = 0;
            try
            {
                archive = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (InvalidDataException ex)
            {
                throw new ImportFormatException(ImportErrorCodes.ZipInvalid, "L'archive zip est illisible ou corrompue.", null, ex);
            }

            var files = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (files.Count != 1)
            {
                throw new ImportFormatException(
                    ImportErrorCodes.ZipEntry,
                    files.Count == 0
                        ? "L'archive zip ne contient aucun fichier."
                        : $"L'archive zip contient {files.Count} fichiers ; un seul export est attendu ({string.Join(", ", files.Take(5).Select(f => f.FullName))}).");
            }

            var entry = files[0];
            RejectEmpSts(entry.Name);
            if (entry.FullName != entry.Name || !IsExpectedName(entry.Name))
            {
                throw new ImportFormatException(
                    ImportErrorCodes.ZipEntry,
                    $"L'archive zip contient « {entry.FullName} », qui n'est pas un export attendu (ElevesSansAdresses.xml, ResponsablesAvecAdresses.xml, sts_emp_UAI_ANNEE.xml…).");
            }

            // Ratio denominator: the smaller of the announced compressed size and the real archive
            // size, so a forged header can only make the check stricter.
            var compressed = Math.Max(1, Math.Min(entry.CompressedLength, buffer.Length));
            Stream raw;
            try
            {
                raw = entry.Open();
            }
            catch (InvalidDataException ex)
            {
                throw new ImportFormatException(ImportErrorCodes.ZipInvalid, "L'archive zip est illisible ou corrompue.", null, ex);
            }

            var bounded = new CountingStream(raw, limits.MaxUncompressedBytes, (compressed, limits.MaxCompressionRatio, limits.RatioCheckThresholdBytes));
            var content = new PeekStream(bounded, 4096);
            var kind = DetectKind(content.Prefix);
            if (kind == ImportFileKind.Spreadsheet)
            {
                throw new ImportFormatException(ImportErrorCodes.UnknownKind, $"Le fichier « {entry.Name} » de l'archive n'est pas un fichier XML.");
            }

            var result = new OpenedImportFile(kind, content, entry.Name, archive, buffer);
            archive = null;
            buffer = null;
            return result;
        }
        finally
        {
            archive?.Dispose();
            buffer?.Dispose();
            head.Dispose();
        }
    }

    internal static string FormatSize(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024 * 1024)} Mo"
        : $"{Math.Max(1, bytes / 1024)} Ko";

    private static bool IsExpectedName(string name)
        => Array.Exists(ExpectedNames, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) || StsEntryName().IsMatch(name);

    /// <summary>Root element name from the first bytes (ASCII-compatible encodings only, which covers ours).</summary>
    internal static ImportFileKind DetectKind(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            prefix = prefix[3..];
        }

        var text = System.Text.Encoding.Latin1.GetString(prefix);
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (i >= text.Length || text[i] != '<')
        {
            return ImportFileKind.Spreadsheet;
        }

        if (text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || text.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportFormatException(
                ImportErrorCodes.DtdForbidden,
                "Le fichier contient une déclaration DOCTYPE (DTD ou entités), interdite pour des raisons de sécurité : utilisez l'export original.");
        }

        while (i < text.Length)
        {
            var lt = text.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= text.Length)
            {
                break;
            }

            var next = text[lt + 1];
            if (next == '?')
            {
                var end = text.IndexOf("?>", lt, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
                continue;
            }

            if (next == '!')
            {
                var end = text.IndexOf("-->", lt, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 3;
                continue;
            }

            var start = lt + 1;
            var stop = start;
            while (stop < text.Length && !char.IsWhiteSpace(text[stop]) && text[stop] is not ('>' or '/'))
            {
                stop++;
            }

            var root = text[start..stop];
            var colon = root.IndexOf(':');
            if (colon >= 0)
            {
                root = root[(colon + 1)..];
            }

            return root switch
            {
                SiecleStudentsParser.Root => ImportFileKind.SiecleStudents,
                SiecleGuardiansParser.Root => ImportFileKind.SiecleGuardians,
                StsParser.Root => ImportFileKind.Sts,
                "BEE_NOMENCLATURES" => ImportFileKind.SiecleNomenclature,
                _ => throw new ImportFormatException(
                    ImportErrorCodes.UnknownKind,
                    $"Type de fichier non reconnu (élément racine <{root}>) : attendu un export SIECLE (BEE_ELEVES, BEE_RESPONSABLES) ou STS-web (STS_EDT)."),
            };
        }

        throw new ImportFormatException(ImportErrorCodes.UnknownKind, "Type de fichier non reconnu : aucun élément XML trouvé au début du fichier.");
    }
}

/// <summary>Counts bytes as they are read and fails past a maximum or a compression ratio.</summary>
internal sealed class CountingStream(Stream inner, long maxBytes, (long Compressed, int MaxRatio, long Threshold)? ratio, bool ownsInner = true) : Stream
{
    private long total;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new ImportFormatException(ImportErrorCodes.ZipInvalid, "L'archive zip est illisible ou corrompue.", null, ex);
        }

        total += n;
        if (total > maxBytes)
        {
            throw new ImportFormatException(
                ratio is null ? ImportErrorCodes.FileTooLarge : ImportErrorCodes.ZipTooLarge,
                ratio is null
                    ? $"Le fichier dépasse la taille maximale autorisée ({ImportFileReader.FormatSize(maxBytes)})."
                    : $"Le contenu décompressé de l'archive dépasse la taille maximale autorisée ({ImportFileReader.FormatSize(maxBytes)}).");
        }

        if (ratio is { } r && total > r.Threshold && total / r.Compressed > r.MaxRatio)
        {
            throw new ImportFormatException(
                ImportErrorCodes.ZipTooLarge,
                $"L'archive zip est anormalement compressée (plus de {r.MaxRatio} fois) : elle est refusée par sécurité.");
        }

        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsInner)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => total; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Reads the first bytes ahead (to sniff the kind) and replays them.</summary>
internal sealed class PeekStream : Stream
{
    private readonly Stream inner;
    private readonly byte[] prefix;
    private readonly int prefixLength;
    private int position;

    public PeekStream(Stream inner, int size)
    {
        this.inner = inner;
        prefix = new byte[size];
        var read = 0;
        int n;
        while (read < size && (n = inner.Read(prefix, read, size - read)) > 0)
        {
            read += n;
        }

        prefixLength = read;
    }

    public ReadOnlySpan<byte> Prefix => prefix.AsSpan(0, prefixLength);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position < prefixLength)
        {
            var n = Math.Min(buffer.Length, prefixLength - position);
            prefix.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        return inner.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
