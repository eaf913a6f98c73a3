using System.IO.Compression;
using System.Text;
using Sacoche.Import.Domain;
using Xunit;
using static Sacoche.Import.Tests.Domain.TestFiles;

namespace Sacoche.Import.Tests.Domain;

public class SecurityTests
{
    [Fact]
    public void External_entity_is_rejected_and_never_resolved()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"sacoche-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "SECRET");
        try
        {
            var xml = $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE BEE_ELEVES [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
                <BEE_ELEVES><PARAMETRES><UAJ>&xxe;</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES></BEE_ELEVES>
                """;
            var ex = Assert.Throws<ImportFormatException>(() => SiecleStudentsParser.Parse(Utf8Stream(xml), Context));
            Assert.Equal("dtd-forbidden", ex.Code);
            Assert.DoesNotContain("SECRET", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Billion_laughs_is_rejected_quickly()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            sb.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))};", 10))}\">");
        }

        sb.Append("]><STS_EDT><PARAMETRES><UAJ CODE=\"&lol9;\"/></PARAMETRES></STS_EDT>");
        var ex = Assert.Throws<ImportFormatException>(() => StsParser.Parse(Utf8Stream(sb.ToString()), Context));
        Assert.Equal("dtd-forbidden", ex.Code);
    }

    [Fact]
    public void Doctype_without_entities_is_also_rejected()
    {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE BEE_RESPONSABLES SYSTEM \"http://example.invalid/x.dtd\"><BEE_RESPONSABLES/>";
        Assert.Equal("dtd-forbidden", Assert.Throws<ImportFormatException>(() => SiecleGuardiansParser.Parse(Utf8Stream(xml), Context)).Code);
    }

    [Fact]
    public void File_reader_rejects_doctype_at_detection()
    {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><BEE_ELEVES/>";
        Assert.Equal("dtd-forbidden", Assert.Throws<ImportFormatException>(() => ImportFileReader.Open(Utf8Stream(xml), "ElevesSansAdresses.xml")).Code);
    }

    [Fact]
    public void Document_larger_than_the_character_bound_is_rejected()
    {
        var big = Students(string.Concat(Enumerable.Range(0, 2000).Select(i => Eleve(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "<NOM>A</NOM>"))));
        var limits = new ImportLimits { MaxCharactersInDocument = 10_000 };
        var ex = Assert.Throws<ImportFormatException>(() => SiecleStudentsParser.Parse(Latin9Stream(big), Context, limits));
        Assert.Equal("malformed-xml", ex.Code);
    }

    [Fact]
    public void Zip_bomb_is_stopped_by_the_ratio_while_reading()
    {
        // 50 MB of zeros compress to ~50 KB (ratio ~1000); the header is not trusted, bytes are counted.
        var zip = ZipOf("ElevesSansAdresses.xml", w =>
        {
            w.Write(Encoding.ASCII.GetBytes("<?xml version=\"1.0\"?><BEE_ELEVES><PARAMETRES><UAJ>"));
            var zeros = new byte[1 << 20];
            Array.Fill(zeros, (byte)'0');
            for (var i = 0; i < 50; i++)
            {
                w.Write(zeros);
            }
        });
        Assert.True(zip.Length < 1_000_000);
        using var opened = ImportFileReader.Open(new MemoryStream(zip), "ExportXML_ElevesSansAdresses.zip");
        var ex = Assert.Throws<ImportFormatException>(() => SiecleStudentsParser.Parse(opened.Content, Context));
        Assert.Equal("zip-too-large", ex.Code);
    }

    [Fact]
    public void Zip_larger_than_the_uncompressed_bound_is_rejected()
    {
        var zip = ZipOf("ElevesSansAdresses.xml", w =>
        {
            w.Write("<?xml version=\"1.0\"?><BEE_ELEVES>"u8);
            var rnd = new Random(1);
            var buffer = new byte[1 << 20];
            for (var i = 0; i < 3; i++)
            {
                rnd.NextBytes(buffer);
                w.Write(buffer);
            }
        }, CompressionLevel.NoCompression);
        var limits = new ImportLimits { MaxUncompressedBytes = 2 * 1024 * 1024 };
        using var opened = ImportFileReader.Open(new MemoryStream(zip), "x.zip", limits);
        var ex = Assert.Throws<ImportFormatException>(() => opened.Content.CopyTo(Stream.Null));
        Assert.Equal("zip-too-large", ex.Code);
    }

    [Fact]
    public void Zip_with_unexpected_entry_name_is_rejected()
    {
        var zip = ZipOf("../../etc/passwd.xml", w => w.Write("<BEE_ELEVES/>"u8));
        var ex = Assert.Throws<ImportFormatException>(() => ImportFileReader.Open(new MemoryStream(zip), "ExportXML_ElevesSansAdresses.zip"));
        Assert.Equal("zip-entry", ex.Code);
        Assert.Contains("../../etc/passwd.xml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_with_several_entries_is_rejected()
    {
        using var ms = new MemoryStream();
        using (var archive = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = archive.CreateEntry("ElevesSansAdresses.xml").Open())
            {
                s.Write("<BEE_ELEVES/>"u8);
            }

            using (var s = archive.CreateEntry("autre.exe").Open())
            {
                s.Write("MZ"u8);
            }
        }

        Assert.Equal("zip-entry", Assert.Throws<ImportFormatException>(() => ImportFileReader.Open(new MemoryStream(ms.ToArray()), "a.zip")).Code);
    }

    [Fact]
    public void Corrupted_zip_is_rejected()
    {
        var zip = ZipOf("ElevesSansAdresses.xml", w => w.Write(Encoding.ASCII.GetBytes(new string('x', 5000))));
        var cut = zip[..(zip.Length / 2)];
        Assert.Equal("zip-invalid", Assert.Throws<ImportFormatException>(() => ImportFileReader.Open(new MemoryStream(cut), "a.zip")).Code);
    }

    [Fact]
    public void Emp_sts_file_is_recognised_as_the_wrong_direction()
    {
        var ex = Assert.Throws<ImportFormatException>(() => ImportFileReader.Open(Latin9Stream(Sts()), "emp_sts_0341234A_2026.xml"));
        Assert.Equal("emp-sts-file", ex.Code);
        Assert.Contains("sts_emp_", ex.Message, StringComparison.Ordinal);

        var zip = ZipOf("emp_sts_0341234A_2026.xml", w => w.Write(Latin9.GetBytes(Sts())));
        Assert.Equal("emp-sts-file", Assert.Throws<ImportFormatException>(() => ImportFileReader.Open(new MemoryStream(zip), "export.zip")).Code);
    }

    [Fact]
    public void Upload_larger_than_the_bound_is_rejected_while_reading()
    {
        var limits = new ImportLimits { MaxUploadBytes = 6000 };
        var xml = Students(string.Concat(Enumerable.Range(0, 50).Select(i => Eleve(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "<NOM>A</NOM>"))));
        using var opened = ImportFileReader.Open(Latin9Stream(xml), "ElevesSansAdresses.xml", limits);
        Assert.Equal("file-too-large", Assert.Throws<ImportFormatException>(() => SiecleStudentsParser.Parse(opened.Content, Context)).Code);
    }

    internal static byte[] ZipOf(string name, Action<Stream> write, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var ms = new MemoryStream();
        using (var archive = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var s = archive.CreateEntry(name, level).Open();
            write(s);
        }

        return ms.ToArray();
    }
}
