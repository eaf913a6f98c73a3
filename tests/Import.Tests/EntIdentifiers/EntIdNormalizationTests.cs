using Sacoche.Import.Domain.EntIdentifiers;
using Sacoche.People;
using Sacoche.People.Ent;
using Xunit;
using static Sacoche.Import.Tests.EntIdentifiers.EntTestHelpers;

namespace Sacoche.Import.Tests.EntIdentifiers;

public class EntIdNormalizationTests
{
    [Theory]
    [InlineData("ID : 75185265", "UT75185265")]
    [InlineData("  ID : 75185265  ", "UT75185265")]
    [InlineData("ID:75185265", "UT75185265")]
    [InlineData("id : 42", "UT42")]
    [InlineData("UT75185265", "UT75185265")]
    [InlineData("jdupont", "jdupont")]
    public void Logica_connector_rewrites_the_id_prefix(string raw, string expected)
    {
        Assert.Equal(expected, Connectors["logica_elie"].NormalizeId(raw));
    }

    [Fact]
    public void Rules_compare_by_value()
    {
        var used = new EntIdNormalization(@"^ID\s*:\s*", "UT");
        Assert.Equal("UT1", used.Apply("ID : 1"));
        Assert.Equal(EntIdNormalization.LogicaIdPrefix, used);
        Assert.Equal(Connectors["logica_elie"].IdNormalization, new EntIdNormalization(@"^ID\s*:\s*", "UT"));
    }

    [Fact]
    public void Other_connectors_only_trim()
    {
        Assert.Null(Connectors["openent_pcn"].IdNormalization);
        Assert.Equal("ID : 75185265", Connectors["openent_pcn"].NormalizeId(" ID : 75185265 "));
        Assert.Equal("jdupont", Connectors["kosmos_elyco"].NormalizeId("\u00A0jdupont\u200B "));
    }

    [Fact]
    public void A_rule_can_come_from_the_catalog_file()
    {
        const string tsv = "connector\tdepartment\tlabel\tvendor\tcsv_format\thost\tport\troot\turl_login\turl_logout\turl_validate\tid_pattern\tid_replacement\n" +
                           "demo\t99\tDémo\tX\tperso\tcas.demo.fr\t443\tcas\t\t\t\t^(\\d+)@demo$\tD$1\n";
        EntConnector demo = EntConnectors.Load(new StringReader(tsv))["demo"];
        Assert.Equal("D1234", demo.NormalizeId("1234@demo"));
        Assert.Equal("abc", demo.NormalizeId("abc"));
    }

    [Fact]
    public void Reader_applies_the_rule_and_keeps_the_raw_id()
    {
        const string csv = "Id;Type;Id Siecle;Nom;Prénom\nID : 75185265;Eleve;1234;DUPONT;Jean\n";
        EntCsvReadResult result = ReadText(csv, "openent", new EntCsvReaderOptions { IdNormalization = Connectors["logica_elie"].IdNormalization });
        EntCsvRow row = Assert.Single(result.Rows);
        Assert.Equal("UT75185265", row.EntId);
        Assert.Equal("ID : 75185265", row.RawEntId);
    }

    [Theory]
    [InlineData("Jean-Pierre", "jean pierre")]
    [InlineData("N'Diaye", "n diaye")]
    [InlineData("N’DIAYE", "n diaye")]
    [InlineData("  Zoé   LÉGER ", "zoe leger")]
    [InlineData("Chloë", "chloe")]
    [InlineData("ŒDIPE", "oedipe")]
    [InlineData("Ça--va", "ca va")]
    public void Names_are_normalised(string name, string expected)
    {
        Assert.Equal(expected, NameKey.Normalize(name));
    }

    [Theory]
    [InlineData("National_ENS", "ENS")]
    [InlineData("Enseignant", "ENS")]
    [InlineData("Élève", "ELV")]
    [InlineData("National_ELV", "ELV")]
    [InlineData("Parent", "TUT")]
    [InlineData("Responsable légal", "TUT")]
    [InlineData("National_DIR", "DIR")]
    [InlineData("Personnel de direction", "DIR")]
    public void Ent_profiles_map_to_sacoche_profiles(string entProfile, string expectedMember)
    {
        IReadOnlySet<string>? profiles = EntProfiles.ToSacocheProfiles(entProfile);
        Assert.NotNull(profiles);
        Assert.Contains(expectedMember, profiles);
    }

    [Fact]
    public void Unknown_profile_words_give_null()
    {
        Assert.Null(EntProfiles.ToSacocheProfiles("Martien"));
        Assert.Null(EntProfiles.ToSacocheProfiles(""));
        Assert.DoesNotContain("ELV", EntProfiles.ToSacocheProfiles("Enseignant")!);
    }
}
