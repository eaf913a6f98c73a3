using System.Text;
using Sacoche.People.Csv;

namespace Sacoche.People.Tests;

/// <summary>The one CSV reader (docs/domain/formats.md, « CSV files »).</summary>
public class CsvFileTests
{
    private const string Leger = "Nom;Prénom;Identifiant\nLÉGER;Zoé;zleger\n";

    private static CsvText Read(byte[] bytes, CsvFileOptions? options = null) => CsvFile.Read(new MemoryStream(bytes), options);

    private static string[][] Cells(CsvText csv) => csv.Records.Select(r => r.Cells.ToArray()).ToArray();

    [Fact]
    public void Utf8_with_and_without_bom()
    {
        CsvText bom = Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Leger)]);
        Assert.Equal("UTF-8 (BOM)", bom.EncodingName);
        Assert.Equal(["LÉGER", "Zoé", "zleger"], bom.Records[1].Cells);
        Assert.Equal("Nom", bom.Records[0].Cells[0]); // the BOM is not part of the first cell

        CsvText plain = Read(Encoding.UTF8.GetBytes(Leger));
        Assert.Equal("UTF-8", plain.EncodingName);
        Assert.Equal(Cells(bom), Cells(plain));
    }

    [Fact]
    public void Utf16_little_and_big_endian_with_bom()
    {
        CsvText le = Read([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Leger.Replace(';', '\t'))]);
        Assert.Equal("UTF-16LE", le.EncodingName);
        Assert.Equal('\t', le.Separator);
        Assert.Equal(["LÉGER", "Zoé", "zleger"], le.Records[1].Cells);

        CsvText be = Read([0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(Leger)]);
        Assert.Equal("UTF-16BE", be.EncodingName);
        Assert.Equal(["LÉGER", "Zoé", "zleger"], be.Records[1].Cells);
    }

    [Fact]
    public void Windows_1252_when_the_bytes_are_not_utf8()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        CsvText csv = Read(Encoding.GetEncoding(1252).GetBytes("Nom;Prénom;Note\nCœur;Anaïs;12€\n"));
        Assert.Equal("Windows-1252", csv.EncodingName);
        Assert.Equal(["Cœur", "Anaïs", "12€"], csv.Records[1].Cells);
    }

    [Theory]
    [InlineData(';')]
    [InlineData(',')]
    [InlineData('\t')]
    [InlineData(':')]
    public void Separator_is_detected(char separator)
    {
        string text = string.Join('\n', new[] { "Nom", "Prénom", "Identifiant" }.Aggregate((a, b) => a + separator + b),
            $"DUPONT{separator}Jean{separator}jdupont", $"LÉGER{separator}Zoé{separator}zleger", "");
        CsvText csv = CsvFile.Parse(text, "texte");
        Assert.Equal(separator, csv.Separator);
        Assert.All(csv.Records, r => Assert.Equal(3, r.Cells.Count));
    }

    [Fact]
    public void A_one_cell_title_line_and_commas_inside_cells_do_not_decide()
    {
        CsvText csv = CsvFile.Parse("Liste des élèves\nE1;M;Dupont, fils;Jean\nE2;F;Martin;Léa, Anne\n", "texte");
        Assert.Equal(';', csv.Separator);
        Assert.Equal("Dupont, fils", csv.Records[1].Cells[2]);
    }

    [Fact]
    public void Semicolon_wins_ties()
    {
        Assert.Equal(';', CsvFile.DetectSeparator("a;b;c,d,e\nf;g;h,i,j\n"));
        Assert.Equal(';', CsvFile.DetectSeparator("nothing to split\n"));
    }

    [Fact]
    public void Quoted_cells_hold_separators_doubled_quotes_and_line_breaks()
    {
        const string text = "\"Nom\";\"Prénom\";\"Identifiant\"\n" +
                            "\"DUPONT; dit \"\"Jo\"\"\";\"Jean\";\"jdupont\"\n" +
                            "\"LÉGER\";\"Zoé\nAnne\";\"zleger\"\n" +
                            "MARTIN;Paul;pmartin\n";
        CsvText csv = CsvFile.Parse(text, "texte");
        Assert.Equal(';', csv.Separator);
        Assert.Equal(["DUPONT; dit \"Jo\"", "Jean", "jdupont"], csv.Records[1].Cells);
        Assert.Equal("Zoé\nAnne", csv.Records[2].Cells[1]);
        Assert.Equal([1, 2, 3, 5], csv.Records.Select(r => r.Line)); // the quoted line break occupies line 4
    }

    [Fact]
    public void Crlf_blank_lines_and_padding()
    {
        CsvText csv = CsvFile.Parse("a;b;c\r\n\r\n d ; e ;f\r\n;;\r\n", "texte");
        Assert.Equal([1, 3, 4], csv.Records.Select(r => r.Line));
        Assert.Equal(["d", "e", "f"], csv.Records[1].Cells);
        Assert.True(csv.Records[2].IsBlank);
    }

    [Fact]
    public void Limits_are_enforced()
    {
        byte[] big = Encoding.UTF8.GetBytes("a;b;c\n" + string.Concat(Enumerable.Repeat("d;e;f\n", 100)));
        Assert.Equal(CsvLimit.Bytes, Assert.Throws<CsvLimitException>(() => Read(big, new CsvFileOptions { MaxBytes = 100 })).Limit);
        Assert.Equal(CsvLimit.Records, Assert.Throws<CsvLimitException>(() => Read(big, new CsvFileOptions { MaxRecords = 50 })).Limit);
        Assert.Equal(101, Read(big, new CsvFileOptions { MaxRecords = 101 }).Records.Count);
    }
}
