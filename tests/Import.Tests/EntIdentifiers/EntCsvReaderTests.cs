using System.Text;
using Sacoche.Import.Domain.EntIdentifiers;
using Xunit;
using static Sacoche.Import.Tests.EntIdentifiers.EntTestHelpers;

namespace Sacoche.Import.Tests.EntIdentifiers;

public class EntCsvReaderTests
{
    [Theory]
    [InlineData(';', "DUPONT;Jean;jdupont\nLÉGER;Zoé;zleger\n")]
    [InlineData(',', "DUPONT,Jean,jdupont\nLÉGER,Zoé,zleger\n")]
    [InlineData('\t', "DUPONT\tJean\tjdupont\nLÉGER\tZoé\tzleger\n")]
    [InlineData(':', "DUPONT:Jean:jdupont\nLÉGER:Zoé:zleger\n")]
    public void Separator_is_detected(char separator, string csv)
    {
        EntCsvReadResult result = ReadText(csv, "toutatice");
        Assert.Equal(separator, result.Separator);
        Assert.Equal(["jdupont", "zleger"], result.Rows.Select(r => r.EntId));
    }

    [Fact]
    public void A_first_line_with_a_single_cell_does_not_fool_the_detection()
    {
        // The title line is a data line for a headerless format: rejected (one cell), the others read with ','.
        EntCsvReadResult result = ReadText("Extraction des comptes\nDUPONT,Jean,jdupont\nLÉGER,Zoé,zleger\n", "toutatice");
        Assert.Equal(',', result.Separator);
        Assert.Equal(2, result.Rows.Count);
        EntCsvRejectedRow title = Assert.Single(result.Rejected);
        Assert.Equal(1, title.LineNumber);
        Assert.Contains("moins de 3 cellules", title.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Semicolon_wins_over_colon_found_inside_ids_and_times()
    {
        EntCsvReadResult result = ReadText(
            "Id;Type;Id Siecle;Nom;Prénom;Heure\nID : 1;Eleve;1;DUPONT;Jean;12:30:00\nID : 2;Eleve;2;LÉGER;Zoé;12:31:00\n", "openent");
        Assert.Equal(';', result.Separator);
        Assert.Equal("ID : 1", result.Rows[0].EntId);
    }

    [Fact]
    public void Comma_inside_names_does_not_beat_a_consistent_semicolon()
    {
        EntCsvReadResult result = ReadText(
            "h;h;h\nDUPONT, dit Jean;Jean;jdupont\nLÉGER;Zoé, Anne;zleger\nMARTIN;Paul;pmartin\n", "liberscol");
        Assert.Equal(';', result.Separator);
        Assert.Equal("DUPONT, dit Jean", result.Rows[0].LastName);
    }

    [Fact]
    public void Quoted_fields_with_separators_doubled_quotes_and_line_breaks()
    {
        const string csv = "\"Nom\";\"Prénom\";\"Identifiant\"\n" +
                           "\"DUPONT; dit \"\"Jo\"\"\";\"Jean\";\"jdupont\"\n" +
                           "\"LÉGER\";\"Zoé\nAnne\";\"zleger\"\n" +
                           "MARTIN;Paul;pmartin\n";
        EntCsvReadResult result = ReadText(csv, "liberscol");
        Assert.Equal(3, result.Rows.Count);
        Assert.Equal("DUPONT; dit \"Jo\"", result.Rows[0].LastName);
        Assert.Equal(2, result.Rows[0].LineNumber);
        Assert.Equal(3, result.Rows[1].LineNumber);
        Assert.Equal("pmartin", result.Rows[2].EntId);
        Assert.Equal(5, result.Rows[2].LineNumber); // the quoted line break occupies line 4
    }

    [Fact]
    public void Crlf_line_endings_and_blank_lines()
    {
        EntCsvReadResult result = ReadText("Nom;Prénom;Identifiant\r\n\r\nDUPONT;Jean;jdupont\r\n\r\nLÉGER;Zoé;zleger\r\n", "liberscol");
        Assert.Equal([3, 5], result.Rows.Select(r => r.LineNumber));
        Assert.Empty(result.Rejected);
    }

    private const string LegerCsv = "Nom;Prénom;Identifiant\nLÉGER;Zoé;zleger\n";

    [Fact]
    public void Utf8_with_bom()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(LegerCsv)];
        EntCsvReadResult result = ReadBytes(bytes, "liberscol");
        Assert.Equal("UTF-8 (BOM)", result.EncodingName);
        EntCsvRow row = Assert.Single(result.Rows);
        Assert.Equal(("LÉGER", "Zoé"), (row.LastName, row.FirstName));
    }

    [Fact]
    public void Utf8_without_bom()
    {
        EntCsvReadResult result = ReadBytes(Encoding.UTF8.GetBytes(LegerCsv), "liberscol");
        Assert.Equal("UTF-8", result.EncodingName);
        Assert.Equal("Zoé", Assert.Single(result.Rows).FirstName);
    }

    [Fact]
    public void Windows_1252_bytes()
    {
        // "LÉGER;Zoé;zleger" in Windows-1252: É = 0xC9, é = 0xE9, invalid as UTF-8.
        byte[] header = Encoding.ASCII.GetBytes("Nom;Pr");
        byte[] bytes =
        [
            .. header, 0xE9, .. Encoding.ASCII.GetBytes("nom;Identifiant\nL"), 0xC9, .. Encoding.ASCII.GetBytes("GER;Zo"), 0xE9,
            .. Encoding.ASCII.GetBytes(";zleger\n"),
        ];
        EntCsvReadResult result = ReadBytes(bytes, "liberscol");
        Assert.Equal("Windows-1252", result.EncodingName);
        EntCsvRow row = Assert.Single(result.Rows);
        Assert.Equal(("LÉGER", "Zoé"), (row.LastName, row.FirstName));
    }

    [Fact]
    public void Utf16_with_bom_and_tabs_as_saved_by_spreadsheets()
    {
        byte[] bytes = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("Nom\tPrénom\tIdentifiant\nLÉGER\tZoé\tzleger\n")];
        EntCsvReadResult result = ReadBytes(bytes, "liberscol");
        Assert.Equal('\t', result.Separator);
        Assert.Equal("Zoé", Assert.Single(result.Rows).FirstName);
    }

    [Fact]
    public void Rejected_lines_have_french_reasons()
    {
        const string csv = "Nom;Prénom;Profil;Classe;Date;Login\n" +
                           "DUPONT;Jean\n" +                        // 2: fewer than 3 cells
                           "LÉGER;Zoé;Eleve;3B;05/11/2010;\n" +      // 3: empty id
                           ";Paul;Eleve;3A;01/01/2010;pmartin\n" +  // 4: empty nom
                           "MARTIN; ;Eleve;3A;01/01/2010;xmartin\n" + // 5: empty prénom
                           "DURAND;Léa;Eleve;3A\n" +                 // 6: id column (6th) missing
                           " ; ;Eleve;3A;01/01/2010;\n" +            // 7: everything empty but profile/class
                           "BON;Élise;Eleve;3A;01/01/2010;ebon\n";   // 8: fine
        EntCsvReadResult result = ReadText(csv, "pentila");
        Assert.Equal("ebon", Assert.Single(result.Rows).EntId);
        Assert.Equal([2, 3, 4, 5, 6, 7], result.Rejected.Select(r => r.LineNumber));
        Assert.Contains("moins de 3 cellules", result.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Equal("Ligne ignorée : identifiant ENT vide.", result.Rejected[1].Reason);
        Assert.Equal("Ligne ignorée : nom vide.", result.Rejected[2].Reason);
        Assert.Equal("Ligne ignorée : prénom vide.", result.Rejected[3].Reason);
        Assert.Contains("colonne n° 6 est absente", result.Rejected[4].Reason, StringComparison.Ordinal);
        Assert.Equal("Ligne ignorée : identifiant ENT, nom, prénom vides.", result.Rejected[5].Reason);
    }

    [Fact]
    public void Size_is_bounded()
    {
        string big = "Nom;Prénom;Identifiant\n" + string.Concat(Enumerable.Repeat("DUPONT;Jean;jdupont\n", 100));
        EntCsvFileException ex = Assert.Throws<EntCsvFileException>(() =>
            ReadText(big, "liberscol", new EntCsvReaderOptions { MaxBytes = 1000 }));
        Assert.Contains("trop volumineux", ex.Message, StringComparison.Ordinal);

        EntCsvFileException lines = Assert.Throws<EntCsvFileException>(() =>
            ReadText(big, "liberscol", new EntCsvReaderOptions { MaxLines = 50 }));
        Assert.Contains("trop long", lines.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        Assert.Throws<EntCsvFileException>(() => ReadText("\n\n", "liberscol"));
    }

    [Fact]
    public void Siecle_id_zero_or_leading_zeros()
    {
        EntCsvReadResult result = ReadText(
            "login;profil;nom;prenom;id_sconet\njdupont;Eleve;DUPONT;Jean;0001234\npmartin;Parent;MARTIN;Paul;0\n", "atos");
        Assert.Equal("1234", result.Rows[0].SiecleId);
        Assert.Null(result.Rows[1].SiecleId);
    }

    [Fact]
    public void Reading_from_a_text_reader()
    {
        EntCsvReadResult result = EntCsvReader.Read(new StringReader("DUPONT;Jean;jdupont\n"), Formats["toutatice"]);
        Assert.Equal("jdupont", Assert.Single(result.Rows).EntId);
    }
}
