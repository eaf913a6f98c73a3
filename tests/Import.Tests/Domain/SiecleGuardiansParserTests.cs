using Sacoche.Import.Domain;
using Xunit;
using static Sacoche.Import.Tests.Domain.TestFiles;

namespace Sacoche.Import.Tests.Domain;

public class SiecleGuardiansParserTests
{
    private const string Persons =
        """<PERSONNE PERSONNE_ID="P1"><NOM_DE_FAMILLE>MÜLLER</NOM_DE_FAMILLE><NOM_USAGE>BÉNARD</NOM_USAGE><PRENOM>Anaïs</PRENOM><LC_CIVILITE>MME</LC_CIVILITE><TEL_PORTABLE>0612345678</TEL_PORTABLE><MEL>anais@example.net</MEL><ADRESSE_ID>A1</ADRESSE_ID></PERSONNE>"""
        + """<PERSONNE PERSONNE_ID="P2"><NOM>BÉNARD</NOM><PRENOM>Joël</PRENOM><LC_CIVILITE>M.</LC_CIVILITE><ADRESSE_ID>A1</ADRESSE_ID></PERSONNE>"""
        + """<PERSONNE PERSONNE_ID="P3"><NOM>GRAND-MÈRE</NOM><PRENOM>Françoise</PRENOM><LC_CIVILITE>MME</LC_CIVILITE></PERSONNE>"""
        + """<PERSONNE PERSONNE_ID="P4"><NOM>ANCIEN</NOM><PRENOM>Parent</PRENOM><LC_CIVILITE>M.</LC_CIVILITE></PERSONNE>""";

    private const string Links =
        "<RESPONSABLE_ELEVE><ELEVE_ID>S1</ELEVE_ID><PERSONNE_ID>P1</PERSONNE_ID><RESP_LEGAL>1</RESP_LEGAL><CODE_PARENTE>20</CODE_PARENTE><RESP_FINANCIER>1</RESP_FINANCIER><PERS_CONTACT>1</PERS_CONTACT></RESPONSABLE_ELEVE>"
        + "<RESPONSABLE_ELEVE><ELEVE_ID>S2</ELEVE_ID><PERSONNE_ID>P1</PERSONNE_ID><RESP_LEGAL>1</RESP_LEGAL></RESPONSABLE_ELEVE>"
        + "<RESPONSABLE_ELEVE><ELEVE_ID>S1</ELEVE_ID><PERSONNE_ID>P2</PERSONNE_ID><RESP_LEGAL>2</RESP_LEGAL><CODE_PARENTE>10</CODE_PARENTE></RESPONSABLE_ELEVE>"
        + "<RESPONSABLE_ELEVE><ELEVE_ID>S1</ELEVE_ID><PERSONNE_ID>P3</PERSONNE_ID><RESP_LEGAL>0</RESP_LEGAL><CODE_PARENTE>50</CODE_PARENTE></RESPONSABLE_ELEVE>"
        + "<RESPONSABLE_ELEVE><ELEVE_ID>OLD</ELEVE_ID><PERSONNE_ID>P4</PERSONNE_ID><RESP_LEGAL>1</RESP_LEGAL></RESPONSABLE_ELEVE>";

    private const string Addresses =
        """<ADRESSE ADRESSE_ID="A1"><LIGNE1_ADRESSE>12 rue Émile Zola</LIGNE1_ADRESSE><LIGNE2_ADRESSE>Résidence « Les Cèdres »</LIGNE2_ADRESSE><CODE_POSTAL>34000</CODE_POSTAL><LIBELLE_POSTAL>MONTPELLIER</LIBELLE_POSTAL><LL_PAYS>FRANCE</LL_PAYS><CODE_DEPARTEMENT>034</CODE_DEPARTEMENT></ADRESSE>""";

    [Fact]
    public void Keeps_legal_guardians_only_with_siblings_shared_and_addresses()
    {
        var file = SiecleGuardiansParser.Parse(Latin9Stream(Guardians(Persons, Links, Addresses)), Context);

        Assert.Equal(["P1", "P2", "P4"], file.Guardians.Select(g => g.PersonId));
        var mother = file.Guardians[0];
        Assert.Equal("BÉNARD", mother.LastName); // NOM_USAGE before NOM_DE_FAMILLE
        Assert.Equal("Anaïs", mother.FirstName);
        Assert.Equal(Gender.Female, mother.Gender);
        Assert.Equal("0612345678", mother.PhoneMobile);
        Assert.Equal(["S1", "S2"], mother.Children.Select(c => c.StudentSiecleId));
        Assert.All(mother.Children, c => Assert.Equal(1, c.LegalRank));
        Assert.Equal("12 rue Émile Zola", mother.Address!.Line1);
        Assert.Equal("Résidence « Les Cèdres »", mother.Address.Line2);
        Assert.Equal("MONTPELLIER", mother.Address.City);
        var father = file.Guardians[1];
        Assert.Equal(Gender.Male, father.Gender);
        Assert.Equal(2, Assert.Single(father.Children).LegalRank);
        Assert.Equal("10", father.Children[0].Relationship);
        Assert.Equal(1, file.NonLegalLinksSkipped);
        Assert.Equal(1, file.PersonsWithoutChildSkipped); // P3, only RESP_LEGAL 0
    }

    [Fact]
    public void Current_student_ids_drop_other_links_and_childless_persons()
    {
        var current = new HashSet<string> { "S1" };
        var file = SiecleGuardiansParser.Parse(Latin9Stream(Guardians(Persons, Links, Addresses)), Context, current);

        Assert.Equal(["P1", "P2"], file.Guardians.Select(g => g.PersonId));
        Assert.Equal(["S1"], file.Guardians[0].Children.Select(c => c.StudentSiecleId));
        Assert.Equal(2, file.LinksToNonCurrentStudentsSkipped); // S2 and OLD
        Assert.Equal(2, file.PersonsWithoutChildSkipped); // P3 and P4
    }

    [Fact]
    public void Missing_addresses_file_variant_is_fine()
    {
        var file = SiecleGuardiansParser.Parse(Latin9Stream(Guardians(Persons, Links)), Context);
        Assert.All(file.Guardians, g => Assert.Null(g.Address));
    }

    [Fact]
    public void Wrong_uai_and_year_are_rejected()
    {
        Assert.Equal("wrong-uai", Assert.Throws<ImportFormatException>(() => SiecleGuardiansParser.Parse(Latin9Stream(Guardians("", "", uai: "0999999X")), Context)).Code);
        Assert.Equal("wrong-year", Assert.Throws<ImportFormatException>(() => SiecleGuardiansParser.Parse(Latin9Stream(Guardians("", "", year: "2027")), Context)).Code);
    }
}
