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
        var settings = CreateSettings(limits);
        var declared = stream.DeclaredEncoding();
        if (declared is not null && (declared.Equals("ISO-8859-15", StringComparison.OrdinalIgnoreCase)
            || declared.Equals("ISO8859-15", StringComparison.OrdinalIgnoreCase)
            || declared.Equals("latin-9", StringComparison.OrdinalIgnoreCase)
            || declared.Equals("latin9", StringComparison.OrdinalIgnoreCase)))
        {
            // A TextReader input makes XmlReader ignore the declared encoding: we decoded already.
            return XmlReader.Create(new Latin9TextReader(stream), settings);
        }

        // UTF-8 (with or without BOM), UTF-16, ISO-8859-1, Windows-1252…: XmlReader honours the
        // BOM and the declaration itself.
        return XmlReader.Create(stream, settings);
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
        // Fast path for the overwhelmingly common <X>text</X>; ReadElementContentAsString costs a
        // noticeable share of the parse time on files made of thousands of tiny elements.
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return null;
        }

        var depth = reader.Depth;
        reader.Read();
        string? value = null;
        if (reader.NodeType == XmlNodeType.Text)
        {
            value = reader.Value;
            reader.Read();
        }

        if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
        {
            reader.Read();
            return Values.Clean(value);
        }

        // Slow path: CDATA sections, nested elements (ignored), comments.
        var sb = new System.Text.StringBuilder(value);
        while (reader.Depth > depth)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                    sb.Append(reader.Value);
                    reader.Read();
                    break;
                case XmlNodeType.Element:
                    reader.Skip();
                    break;
                default:
                    reader.Read();
                    break;
            }
        }

        reader.Read(); // end tag
        return Values.Clean(sb.ToString());
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
/// Read stream that reads the first bytes ahead and replays them: the prolog tells the encoding
/// (to pick a fast decoder) and explains a parse failure ("DOCTYPE forbidden") without depending on
/// the wording of <see cref="XmlException"/>.
/// </summary>
internal sealed class PrologRecordingStream : Stream
{
    private const int PrologSize = 4096;
    private readonly Stream inner;
    private readonly byte[] prolog = new byte[PrologSize];
    private readonly int recorded;
    private int position;

    public PrologRecordingStream(Stream inner)
    {
        this.inner = inner;
        int n;
        while (recorded < PrologSize && (n = inner.Read(prolog, recorded, PrologSize - recorded)) > 0)
        {
            recorded += n;
        }
    }

    public ReadOnlySpan<byte> Prolog => prolog.AsSpan(0, recorded);

    public bool PrologContainsDoctype()
    {
        // Latin-1 view is enough: the marker is ASCII in every encoding we accept.
        var text = System.Text.Encoding.Latin1.GetString(prolog, 0, recorded);
        return text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)
            || text.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The encoding named by the XML declaration, when there is no BOM; null otherwise.</summary>
    public string? DeclaredEncoding()
    {
        var p = Prolog;
        if (p.Length < 6 || !p.StartsWith("<?xml"u8))
        {
            return null;
        }

        var end = p.IndexOf("?>"u8);
        if (end < 0)
        {
            return null;
        }

        var decl = System.Text.Encoding.ASCII.GetString(p[..end]);
        var at = decl.IndexOf("encoding", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var q = decl.IndexOfAny(['"', '\''], at);
        if (q < 0)
        {
            return null;
        }

        var close = decl.IndexOf(decl[q], q + 1);
        return close < 0 ? null : decl[(q + 1)..close].Trim();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position < recorded)
        {
            var n = Math.Min(buffer.Length, recorded - position);
            prolog.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        return inner.Read(buffer);
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

/// <summary>
/// ISO-8859-15 decoder built on the vectorised Latin-1 one: the two charsets differ at only eight
/// byte values (€ Š š Ž ž Œ œ Ÿ), patched after the bulk conversion. The code-pages provider's
/// generic single-byte decoder runs at a fraction of the speed and dominated parse time of SIECLE
/// files (all declared ISO-8859-15).
/// </summary>
internal sealed class Latin9TextReader(Stream stream) : TextReader
{
    private static readonly System.Buffers.SearchValues<byte> Specials =
        System.Buffers.SearchValues.Create([0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE]);

    private byte[] bytes = new byte[16384];

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        if (bytes.Length < buffer.Length)
        {
            bytes = new byte[buffer.Length];
        }

        var n = stream.Read(bytes, 0, buffer.Length);
        if (n <= 0)
        {
            return 0;
        }

        var src = bytes.AsSpan(0, n);
        System.Text.Encoding.Latin1.GetChars(src, buffer);
        var offset = 0;
        int i;
        while ((i = src[offset..].IndexOfAny(Specials)) >= 0)
        {
            var at = offset + i;
            buffer[at] = src[at] switch
            {
                0xA4 => '€',
                0xA6 => 'Š',
                0xA8 => 'š',
                0xB4 => 'Ž',
                0xB8 => 'ž',
                0xBC => 'Œ',
                0xBD => 'œ',
                _ => 'Ÿ',
            };
            offset = at + 1;
        }

        return n;
    }

    public override int Peek() => -1;

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }
}
