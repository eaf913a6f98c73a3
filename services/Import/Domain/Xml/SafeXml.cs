using System.Xml;

namespace Sacoche.Import.Domain;

/// <summary>
/// Creates hardened streaming readers and turns <see cref="XmlException"/> into French
/// <see cref="ImportFormatException"/>s. No DOM is ever built: SIECLE files reach tens of MB.
/// </summary>
internal static class SafeXml
{
    public static XmlReaderSettings CreateSettings(ImportLimits limits) => new()
    {
        // Prohibit (not Ignore): a DOCTYPE is never legitimate in these exports and is the vector of
        // XXE and billion-laughs attacks; we want to reject, not silently skip.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = limits.MaxCharactersInDocument,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <summary>
    /// Opens a reader over <paramref name="stream"/>; the encoding comes from the BOM or the XML
    /// declaration (ISO-8859-15 needs the code-pages provider, registered here).
    /// </summary>
    public static XmlReader Create(PrologRecordingStream stream, ImportLimits limits)
    {
        EncodingSetup.EnsureCodePages();
        return XmlReader.Create(stream, CreateSettings(limits));
    }

    public static ImportFormatException Translate(XmlException ex, PrologRecordingStream stream)
    {
        if (stream.PrologContainsDoctype())
        {
            return new ImportFormatException(
                ImportErrorCodes.DtdForbidden,
                "Le fichier contient une déclaration DOCTYPE (DTD ou entités), interdite pour des raisons de sécurité : utilisez l'export original.",
                ex.LineNumber == 0 ? null : ex.LineNumber,
                ex);
        }

        if (ex.Message.Contains("encoding", StringComparison.OrdinalIgnoreCase) && ex.LineNumber <= 1)
        {
            return new ImportFormatException(
                ImportErrorCodes.Encoding,
                "L'encodage du fichier n'est pas reconnu (attendu : ISO-8859-15 ou UTF-8).",
                ex.LineNumber == 0 ? null : ex.LineNumber,
                ex);
        }

        var where = ex.LineNumber > 0 ? $" (ligne {ex.LineNumber}, colonne {ex.LinePosition})" : string.Empty;
        return new ImportFormatException(
            ImportErrorCodes.MalformedXml,
            $"Le fichier XML est mal formé ou incomplet{where}. Vérifiez qu'il n'a pas été tronqué ou modifié.",
            ex.LineNumber == 0 ? null : ex.LineNumber,
            ex);
    }

    public static int LineOf(XmlReader reader) => reader is IXmlLineInfo li ? li.LineNumber : 0;

    /// <summary>Text of the current element, trimmed, null when empty; leaves the reader after the element.</summary>
    public static string? ReadText(XmlReader reader)
    {
        var s = reader.ReadElementContentAsString();
        return Values.Clean(s);
    }

    /// <summary>
    /// Moves to the first child element of the current element. Returns false (and consumes the
    /// element) when it has no child element. Use with <see cref="NextChild"/>.
    /// </summary>
    public static bool FirstChild(XmlReader reader, out int parentDepth)
    {
        parentDepth = reader.Depth;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return false;
        }

        reader.Read();
        return SeekElement(reader, parentDepth);
    }

    /// <summary>
    /// After a child has been fully consumed (ReadText, Skip or a nested loop), moves to the next
    /// child element; returns false (and consumes the parent's end tag) at the end of the parent.
    /// </summary>
    public static bool NextChild(XmlReader reader, int parentDepth) => SeekElement(reader, parentDepth);

    private static bool SeekElement(XmlReader reader, int parentDepth)
    {
        while (true)
        {
            if (reader.Depth <= parentDepth)
            {
                if (reader.NodeType == XmlNodeType.EndElement)
                {
                    reader.Read();
                }

                return false;
            }

            if (reader.NodeType == XmlNodeType.Element)
            {
                return true;
            }

            if (!reader.Read())
            {
                return false;
            }
        }
    }

    /// <summary>Positions the reader on the root element and checks its name.</summary>
    public static void ReadRoot(XmlReader reader, string expectedRoot, string description)
    {
        if (reader.MoveToContent() != XmlNodeType.Element)
        {
            throw new ImportFormatException(ImportErrorCodes.MalformedXml, "Le fichier XML ne contient aucun élément.");
        }

        if (reader.LocalName != expectedRoot)
        {
            throw new ImportFormatException(
                ImportErrorCodes.WrongRoot,
                $"Ce fichier n'est pas {description} : élément racine <{reader.LocalName}> au lieu de <{expectedRoot}>.",
                LineOf(reader));
        }
    }

    public static void CheckUai(string? fileUai, ImportContext context, string elementName)
    {
        if (fileUai is null)
        {
            throw new ImportFormatException(
                ImportErrorCodes.MissingUai,
                $"Le fichier ne précise pas l'établissement concerné (élément {elementName} absent ou vide).");
        }

        if (!string.Equals(fileUai.Trim(), context.Uai.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportFormatException(
                ImportErrorCodes.WrongUai,
                $"Le fichier concerne l'établissement {fileUai.Trim().ToUpperInvariant()} et non {context.Uai.Trim().ToUpperInvariant()}.");
        }
    }

    public static int CheckYear(string? fileYear, ImportContext context, string elementName)
    {
        var year = Values.ParseStartYear(fileYear)
            ?? throw new ImportFormatException(
                ImportErrorCodes.MissingYear,
                $"Le fichier ne précise pas l'année scolaire (élément {elementName} absent ou invalide).");
        var current = context.CurrentSchoolYear;
        if (year != current)
        {
            throw new ImportFormatException(
                ImportErrorCodes.WrongYear,
                $"Le fichier concerne l'année scolaire {SchoolYear.Label(year)} et non l'année en cours {SchoolYear.Label(current)}.");
        }

        return year;
    }
}

/// <summary>
/// Pass-through read stream that keeps a copy of the first bytes, so that a parse failure can be
/// explained ("DOCTYPE forbidden") without depending on the wording of <see cref="XmlException"/>.
/// </summary>
internal sealed class PrologRecordingStream(Stream inner) : Stream
{
    private const int PrologSize = 4096;
    private readonly byte[] prolog = new byte[PrologSize];
    private int recorded;

    public bool PrologContainsDoctype()
    {
        // Latin-1 view is enough: the marker is ASCII in every encoding we accept.
        var text = System.Text.Encoding.Latin1.GetString(prolog, 0, recorded);
        return text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)
            || text.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Record(buffer[..n]);
        return n;
    }

    private void Record(ReadOnlySpan<byte> data)
    {
        if (recorded < PrologSize && data.Length > 0)
        {
            var take = Math.Min(PrologSize - recorded, data.Length);
            data[..take].CopyTo(prolog.AsSpan(recorded));
            recorded += take;
        }
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
