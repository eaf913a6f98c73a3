using Sacoche.Import.Domain.EntIdentifiers;
using Xunit;
using static Sacoche.Import.Tests.EntIdentifiers.EntTestHelpers;

namespace Sacoche.Import.Tests.EntIdentifiers;

/// <summary>
/// One hand-written sample per format, built from the format description (header lines, 0-based
/// columns of nom, prénom, id_ent and SIECLE id). Every sample holds the same two people:
/// DUPONT Jean, id "jdupont" (SIECLE 1234) and LÉGER Zoé, id "zleger" (SIECLE 5678).
/// </summary>
public class EntCsvReaderFormatTests
{
    public static TheoryData<string, string, int, bool> Samples => new()
    {
        // perso: 1 header line, nom 1, prénom 2, id 0
        { "perso", "Identifiant;Nom;Prénom\njdupont;DUPONT;Jean\nzleger;LÉGER;Zoé\n", 2, false },
        // envole_orleans-tours: no header, nom 1, prénom 2, id 0
        { "envole_orleans-tours", "jdupont;DUPONT;Jean;Eleve\nzleger;LÉGER;Zoé;Eleve\n", 1, false },
        // esup: 2 header lines, nom 2, prénom 3, id 0
        { "esup", "Export ENT du 01/09/2024\nuid,profil,nom,prenom\njdupont,Eleve,DUPONT,Jean\nzleger,Eleve,LÉGER,Zoé\n", 3, false },
        // scolastance: 1 header, nom 2, prénom 3, id 4
        { "scolastance", "Profil;Classe;Nom;Prénom;Login\nEleve;3A;DUPONT;Jean;jdupont\nEleve;3B;LÉGER;Zoé;zleger\n", 2, false },
        // itop: 1 header, nom 1, prénom 2, id 0
        { "itop", "Login\tNom\tPrénom\tProfil\njdupont\tDUPONT\tJean\tÉlève\nzleger\tLÉGER\tZoé\tÉlève\n", 2, false },
        // itslearning: 1 header, nom 2, prénom 3, id 4 (titles carry the profile)
        { "itslearning", "Rôle;Classe;Nom eleve;Prénom eleve;Nom d'utilisateur eleve\nEleve;3A;DUPONT;Jean;jdupont\nEleve;3B;LÉGER;Zoé;zleger\n", 2, false },
        // kosmos: 1 header, located by header names "Nom", "Prénom", "Identifiant ENT"
        { "kosmos", "Profil;Identifiant ENT;Classe;Prénom;Nom\nEleve;jdupont;3A;Jean;DUPONT\nEleve;zleger;3B;Zoé;LÉGER\n", 2, false },
        // laclasse: 1 header, nom 1, prénom 2, id 3
        { "laclasse", "uid,nom,prenom,login,profil\nVAA60001,DUPONT,Jean,jdupont,ELEVE\nVAA60002,LÉGER,Zoé,zleger,ELEVE\n", 2, false },
        // liberscol: 1 header, nom 0, prénom 1, id 2
        { "liberscol", "Nom;Prénom;Identifiant\nDUPONT;Jean;jdupont\nLÉGER;Zoé;zleger\n", 2, false },
        // openent: 1 header, nom 3, prénom 4, id 0, SIECLE 2
        { "openent", "Id;Type;Id Siecle;Nom;Prénom;Classes\njdupont;Élève;1234;DUPONT;Jean;3A\nzleger;Élève;5678;LÉGER;Zoé;3B\n", 2, true },
        // netocentre: 1 header, nom 2, prénom 3, id 0
        { "netocentre", "uid;catégorie;nom;prénom\njdupont;Eleve;DUPONT;Jean\nzleger;Eleve;LÉGER;Zoé\n", 2, false },
        // pentila: 1 header, nom 0, prénom 1, id 5
        { "pentila", "Nom;Prénom;Profil;Classe;Date de naissance;Login\nDUPONT;Jean;Eleve;3A;12/03/2010;jdupont\nLÉGER;Zoé;Eleve;3B;05/11/2010;zleger\n", 2, false },
        // provence: 1 header, nom 1, prénom 2, id 3
        { "provence", "Classe:Nom:Prénom:Login\n3A:DUPONT:Jean:jdupont\n3B:LÉGER:Zoé:zleger\n", 2, false },
        // reunion: 1 header, nom 0, prénom 1, id 2
        { "reunion", "NOM;PRENOM;LOGIN;PROFIL\nDUPONT;Jean;jdupont;ELEVE\nLÉGER;Zoé;zleger;ELEVE\n", 2, false },
        // sopra: 1 header, nom 3, prénom 4, id 2
        { "sopra", "Profil;Classe;Identifiant;Nom;Prénom\nEleve;3A;jdupont;DUPONT;Jean\nEleve;3B;zleger;LÉGER;Zoé\n", 2, false },
        // toutatice: no header, nom 0, prénom 1, id 2
        { "toutatice", "DUPONT;Jean;jdupont\nLÉGER;Zoé;zleger\n", 1, false },
        // atos: 1 header, nom 2, prénom 3, id 0, SIECLE 4
        { "atos", "login;profil;nom;prenom;id_sconet\njdupont;Eleve;DUPONT;Jean;1234\nzleger;Eleve;LÉGER;Zoé;5678\n", 2, true },
        // webeducation: 1 header, nom 3, prénom 4, id 5, SIECLE 1
        { "webeducation", "Type;Id Siecle;Classe;Nom;Prénom;Login\nEleve;1234;3A;DUPONT;Jean;jdupont\nEleve;5678;3B;LÉGER;Zoé;zleger\n", 2, true },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_format_reads_its_sample(string format, string csv, int firstDataLine, bool withSiecle)
    {
        EntCsvReadResult result = ReadText(csv, format);

        Assert.Empty(result.Rejected);
        Assert.Equal(2, result.Rows.Count);
        EntCsvRow dupont = result.Rows[0];
        Assert.Equal(firstDataLine, dupont.LineNumber);
        Assert.Equal("DUPONT", dupont.LastName);
        Assert.Equal("Jean", dupont.FirstName);
        Assert.Equal("jdupont", dupont.EntId);
        Assert.Equal(withSiecle ? "1234" : null, dupont.SiecleId);

        EntCsvRow leger = result.Rows[1];
        Assert.Equal(firstDataLine + 1, leger.LineNumber);
        Assert.Equal("LÉGER", leger.LastName);
        Assert.Equal("Zoé", leger.FirstName);
        Assert.Equal("zleger", leger.EntId);
        Assert.Equal(withSiecle ? "5678" : null, leger.SiecleId);
    }

    [Fact]
    public void Samples_cover_all_formats()
    {
        var covered = Samples.Select(s => (string)s[0]).ToHashSet();
        Assert.All(Formats.All, f => Assert.Contains(f.Name, covered));
    }

    [Fact]
    public void Extra_columns_are_found_by_header_name()
    {
        EntCsvReadResult result = ReadText(
            "Nom;Prénom;Profil;Classe;Date de naissance;Login\nDUPONT;Jean;Eleve;3A;12/03/2010;jdupont\n", "pentila");
        EntCsvRow row = Assert.Single(result.Rows);
        Assert.Equal("Eleve", row.Profile);
        Assert.Equal("3A", row.ClassName);
        Assert.Equal(new DateOnly(2010, 3, 12), row.BirthDate);
        Assert.Equal(new EntCsvExtraColumns(2, 3, 4, null), result.ExtraColumns);
    }

    [Fact]
    public void Birth_date_title_ne_le_and_iso_dates()
    {
        EntCsvReadResult result = ReadText(
            "Identifiant ENT;Nom;Prénom;Né(e) le;Divisions\njdupont;DUPONT;Jean;2010-03-12;3A\n", "kosmos");
        EntCsvRow row = Assert.Single(result.Rows);
        Assert.Equal(new DateOnly(2010, 3, 12), row.BirthDate);
        Assert.Equal("3A", row.ClassName);
        Assert.Null(row.Profile);
    }

    [Fact]
    public void Without_header_a_date_column_is_recognised_by_its_values()
    {
        EntCsvReadResult result = ReadText("DUPONT;Jean;jdupont;12/03/2010\nLÉGER;Zoé;zleger;05/11/2010\n", "toutatice");
        Assert.Equal(new DateOnly(2010, 11, 5), result.Rows[1].BirthDate);
    }

    [Fact]
    public void Itslearning_title_suffix_gives_the_profile_of_the_whole_file()
    {
        EntCsvReadResult result = ReadText(
            "X;Y;Nom enseignant;Prénom enseignant;Nom d'utilisateur enseignant\na;b;MARTIN;Paul;pmartin\n", "itslearning");
        Assert.Equal("enseignant", Assert.Single(result.Rows).Profile);
    }

    [Fact]
    public void Header_name_matching_ignores_case_accents_and_profile_suffix()
    {
        EntCsvReadResult result = ReadText("NOM eleve;PRENOM eleve;identifiant ent\nDUPONT;Jean;jdupont\n", "kosmos");
        EntCsvRow row = Assert.Single(result.Rows);
        Assert.Equal(("DUPONT", "Jean", "jdupont"), (row.LastName, row.FirstName, row.EntId));
    }

    [Fact]
    public void Missing_header_names_fail_with_a_french_message()
    {
        EntCsvFileException ex = Assert.Throws<EntCsvFileException>(() =>
            ReadText("Nom;Prénom;Login\nDUPONT;Jean;jdupont\n", "kosmos"));
        Assert.Contains("« Identifiant ENT »", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unannounced_header_line_in_a_headerless_format_is_skipped()
    {
        EntCsvReadResult result = ReadText("Nom;Prénom;Identifiant\nDUPONT;Jean;jdupont\n", "toutatice");
        Assert.Empty(result.Rejected);
        Assert.Equal(2, Assert.Single(result.Rows).LineNumber);
    }
}
