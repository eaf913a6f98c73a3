using System.Text;
using Sacoche.Import.Domain;
using Xunit;

namespace Sacoche.Import.Tests.Domain;

public class SpreadsheetParserTests
{
    private static MemoryStream Utf8(string text, bool bom = true) => new(bom ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text));

    private static MemoryStream Cp1252(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return new(Encoding.GetEncoding(1252).GetBytes(text));
    }

    [Theory]
    [InlineData(';')]
    [InlineData(',')]
    [InlineData('\t')]
    public void Students_with_each_separator(char sep)
    {
        var csv = string.Join("\r\n",
            string.Join(sep, "Numéro", "Genre", "Nom", "Prénom", "Naissance", "Courriel", "Classe", "Groupes"),
            string.Join(sep, "E1", "G", "Lefèvre", "Loïc", "05/03/2014", "loic@example.org", "6A", "6LAT|6ESP"),
            string.Join(sep, "E2", "2", "Noël", "Zoé", "", "", "6B", ""),
            "");
        var file = SpreadsheetParser.ParseStudents(Utf8(csv));
        Assert.Equal(sep, file.Separator);
        Assert.Equal(2, file.Rows.Count);
        var a = file.Rows[0];
        Assert.Equal(("E1", Gender.Male, "Lefèvre", "Loïc", new DateOnly(2014, 3, 5), "6A"), (a.Number, a.Gender, a.LastName, a.FirstName, a.BirthDate!.Value, a.ClassCode));
        Assert.Equal(["6LAT", "6ESP"], a.GroupCodes);
        Assert.Equal(2, a.Line);
        Assert.Equal(Gender.Female, file.Rows[1].Gender);
        Assert.Null(file.Rows[1].BirthDate);
    }

    [Fact]
    public void Windows_1252_is_detected_when_bytes_are_not_utf8()
    {
        var csv = "Num;Genre;Nom;Prénom\r\nE1;M.;Bénard;Françoise\r\nE2;MME;Cœur;Anaïs\r\n";
        var file = SpreadsheetParser.ParseStudents(Cp1252(csv));
        Assert.Equal("Windows-1252", file.EncodingName);
        Assert.Equal("Bénard", file.Rows[0].LastName);
        Assert.Equal("Cœur", file.Rows[1].LastName);
        Assert.Equal(Gender.Female, file.Rows[1].Gender);
    }

    [Fact]
    public void Utf8_without_bom_is_detected()
    {
        var file = SpreadsheetParser.ParseStudents(Utf8("a;b;c;d\nE1;F;Hébert;Maëlys\n", bom: false));
        Assert.Equal("UTF-8", file.EncodingName);
        Assert.Equal("Maëlys", Assert.Single(file.Rows).FirstName);
    }

    [Fact]
    public void One_cell_first_line_does_not_decide_the_separator()
    {
        // A title line without separator, then comma-separated rows with a semicolon inside quotes.
        var csv = "Liste des élèves\nE1,M,\"Dupont; fils\",Jean,,,6A,\nE2,F,Martin,Léa,,,6A,\n";
        var file = SpreadsheetParser.ParseStudents(Utf8(csv));
        Assert.Equal(',', file.Separator);
        Assert.Equal(2, file.Rows.Count); // the title line counts as the header
        Assert.Equal("Dupont; fils", file.Rows[0].LastName);
    }

    [Fact]
    public void Rejected_rows_carry_line_and_french_reason()
    {
        var csv = "h;h;h;h;h\nE1;M;;Jean\nE2;M;Durand\nE3;M;Durand;Paul;31/02/2014\nE3;F;Autre;Léa\n;F;Sans;Numéro\nE3;M;Double;Paul\n";
        var file = SpreadsheetParser.ParseStudents(Utf8(csv));
        Assert.Equal(["Autre", "Sans"], file.Rows.Select(r => r.LastName));
        Assert.Equal([2, 3, 4], file.Rejected.Select(r => r.Line).Take(3));
        Assert.Contains("nom ou prénom manquant", file.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("colonne", file.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("date de naissance invalide", file.Rejected[2].Reason, StringComparison.Ordinal);
        var duplicate = file.Rejected[3];
        Assert.Equal(7, duplicate.Line);
        Assert.Equal("Ligne 7 : la référence « E3 » est déjà utilisée ligne 5.", duplicate.Reason);
    }

    [Fact]
    public void Staff_rows_with_profiles_classes_and_groups()
    {
        var csv = "ref;civ;nom;prénom;profil;mail;classes;groupes\nP1;Mme;Géraud;Hélène;ens;h@example.org;3A|3B;3LAT\nP2;M.;Chef;Paul;DIR;;;\nP3;M.;Inconnu;Profil;XYZ;;;\nP4;M.;Sans;Profil;;;;\n";
        var file = SpreadsheetParser.ParseStaff(Utf8(csv));
        Assert.Equal(["ENS", "DIR", "ENS"], file.Rows.Select(r => r.Profile));
        Assert.Equal(["3A", "3B"], file.Rows[0].ClassCodes);
        Assert.Equal(["3LAT"], file.Rows[0].GroupCodes);
        Assert.Equal(Gender.Female, file.Rows[0].Gender);
        var rejected = Assert.Single(file.Rejected);
        Assert.Equal(4, rejected.Line);
        Assert.Contains("profil « XYZ » inconnu", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parents_rows_with_address_and_children()
    {
        var csv = "ref;civ;nom;prénom;mail;a1;a2;a3;a4;cp;ville;pays;e1;e2;e3\n"
            + "R1;MME;Bénard;Anaïs;a@example.net;12 rue Émile Zola;;;;34000;Montpellier;France;E1;E2;E1\n"
            + "R2;M.;Seul;Sans-enfant;;;;;;;;;;;\n";
        var file = SpreadsheetParser.ParseParents(Utf8(csv));
        var p = Assert.Single(file.Rows);
        Assert.Equal(["E1", "E2"], p.ChildNumbers);
        Assert.Equal("34000", p.Address!.PostalCode);
        Assert.Equal("Montpellier", p.Address.City);
        Assert.Contains("aucun enfant", Assert.Single(file.Rejected).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", Gender.Male)]
    [InlineData("G", Gender.Male)]
    [InlineData("M", Gender.Male)]
    [InlineData("M.", Gender.Male)]
    [InlineData("2", Gender.Female)]
    [InlineData("F", Gender.Female)]
    [InlineData("MME", Gender.Female)]
    [InlineData("mme", Gender.Female)]
    [InlineData("?", null)]
    public void Gender_mapping(string value, Gender? expected)
    {
        var file = SpreadsheetParser.ParseStudents(Utf8($"h;h;h;h\nE1;{value};Nom;Prénom\n"));
        Assert.Equal(expected, Assert.Single(file.Rows).Gender);
    }
}
