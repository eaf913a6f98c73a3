using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Schema;

namespace Sacoche.Competences.Application.Lsu;

/// <summary>
/// The LSU file (« lsun-bilans », schema 3.0 of the collège): the header sections from what the pass collected, then the bilans
/// the pass wrote to a fragment file, copied in chunks (the document is never whole in memory). Validation against the embedded
/// official schema reads the file back with a validating reader.
/// </summary>
internal static class LsuDocument
{
    public const string Namespace = "urn:fr:edu:scolarite:lsun:bilans:import";
    public const string SchemaResource = "Sacoche.Competences.Lsu.schema.xsd";
    public const string Publisher = "Sacoche";

    public static XmlWriterSettings FragmentSettings => new()
    {
        ConformanceLevel = ConformanceLevel.Fragment,
        Encoding = new UTF8Encoding(false),
        Indent = true,
        IndentChars = " ",
        OmitXmlDeclaration = true,
        CloseOutput = false,
    };

    private static XmlWriterSettings DocumentSettings => new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        IndentChars = " ",
        CloseOutput = false,
    };

    /// <summary>Writes the whole document to <paramref name="output"/>; the bilans come from <paramref name="fragmentPath"/>, in their default namespace.</summary>
    public static void Write(Stream output, LsuPass pass, string uai, string head, string headRef, string fragmentPath)
    {
        using var w = XmlWriter.Create(output, DocumentSettings);
        w.WriteStartDocument();
        w.WriteStartElement("lsun-bilans", Namespace);
        w.WriteAttributeString("schemaVersion", "3.0");
        w.WriteStartElement("entete", Namespace);
        w.WriteElementString("editeur", Namespace, Publisher);
        w.WriteElementString("application", Namespace, Publisher);
        w.WriteElementString("etablissement", Namespace, uai);
        w.WriteEndElement();

        w.WriteStartElement("donnees", Namespace);
        w.WriteStartElement("responsables-etab", Namespace);
        Element(w, "responsable-etab", ("id", headRef), ("libelle", LsuPass.Cut(head, 100)));
        w.WriteEndElement();
        w.WriteStartElement("eleves", Namespace);
        foreach (var e in pass.Eleves.Values)
        {
            Element(w, "eleve", ("id", e.Id), ("id-be", e.SiecleId), ("nom", e.LastName), ("prenom", e.FirstName), ("code-division", e.ClassCode));
        }
        w.WriteEndElement();
        Section(w, "periodes", pass.Periodes.Values, p => Element(w, "periode", ("id", p.Id), ("millesime", p.Millesime),
            ("indice", p.Index.ToString(CultureInfo.InvariantCulture)), ("nb-periodes", p.Count.ToString(CultureInfo.InvariantCulture))));
        Section(w, "disciplines", pass.Disciplines.Values, d => Element(w, "discipline", ("id", d.Id), ("code", d.Code), ("modalite-election", d.Modality),
            ("libelle", d.Label)));
        Section(w, "enseignants", pass.Enseignants.Values, t => Element(w, "enseignant", ("id", t.Id), ("type", t.Type), ("id-sts", t.StsId),
            ("civilite", t.Civility), ("nom", t.LastName), ("prenom", t.FirstName)));
        Section(w, "elements-programme", pass.Elements, e => Element(w, "element-programme", ("id", e.Key), ("libelle", e.Value)));
        Section(w, "parcours-communs", pass.Parcours, p =>
        {
            w.WriteStartElement("parcours-commun", Namespace);
            w.WriteAttributeString("periode-ref", p.PeriodRef);
            w.WriteAttributeString("code-division", p.ClassCode);
            foreach (var (code, text) in p.Items)
            {
                w.WriteStartElement("parcours", Namespace);
                w.WriteAttributeString("code", code);
                w.WriteString(text);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        });

        // The bilans, as the pass wrote them (unprefixed: they take the document's default namespace).
        w.WriteWhitespace("\n");
        w.Flush();
        using (var reader = new StreamReader(fragmentPath, Encoding.UTF8))
        {
            var buffer = new char[64 * 1024];
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                w.WriteRaw(buffer, 0, read);
            }
        }
        w.WriteWhitespace("\n");
        w.WriteEndElement(); // donnees
        w.WriteEndElement(); // lsun-bilans
        w.WriteEndDocument();
    }

    private static void Section<T>(XmlWriter w, string name, IEnumerable<T> items, Action<T> write)
    {
        bool open = false;
        foreach (var item in items)
        {
            if (!open)
            {
                w.WriteStartElement(name, Namespace);
                open = true;
            }
            write(item);
        }
        if (open)
        {
            w.WriteEndElement();
        }
    }

    /// <summary>An empty element; attributes without a value (null or empty) are left out.</summary>
    private static void Element(XmlWriter w, string name, params (string Name, string? Value)[] attributes)
    {
        w.WriteStartElement(name, Namespace);
        foreach (var (attribute, value) in attributes)
        {
            if (!string.IsNullOrEmpty(value))
            {
                w.WriteAttributeString(attribute, value);
            }
        }
        w.WriteEndElement();
    }

    /// <summary>The official schema, embedded in the service.</summary>
    public static XmlSchemaSet Schema()
    {
        using var stream = typeof(LsuDocument).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"The LSU schema ({SchemaResource}) is not embedded.");
        var set = new XmlSchemaSet();
        set.Add(Namespace, XmlReader.Create(stream));
        set.Compile();
        return set;
    }

    /// <summary>Every message of the schema validation of the file (empty: valid), with line and position.</summary>
    public static List<string> Validate(string path, int max = 100)
    {
        var messages = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Schema(),
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (messages.Count < max)
            {
                messages.Add($"Ligne {e.Exception.LineNumber}, position {e.Exception.LinePosition} : {e.Message}");
            }
        };
        try
        {
            using var reader = XmlReader.Create(path, settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException e)
        {
            messages.Add($"Ligne {e.LineNumber}, position {e.LinePosition} : {e.Message}");
        }
        return messages;
    }
}

/// <summary>A write-only stream that hashes (SHA-256) and counts what goes through it to the inner stream.</summary>
internal sealed class HashingStream(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Written { get; private set; }

    /// <summary>Lower-case hexadecimal SHA-256 of everything written (call once, at the end).</summary>
    public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        Written += buffer.Length;
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Written;
    public override long Position { get => Written; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
