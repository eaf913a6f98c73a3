using Sacoche.Import.Domain.EntIdentifiers;
using Sacoche.People;
using Sacoche.People.Ent;
using Xunit;
using static Sacoche.Import.Tests.EntIdentifiers.EntTestHelpers;

namespace Sacoche.Import.Tests.EntIdentifiers;

public class EntCatalogTests
{
    [Fact]
    public void Embedded_format_table_has_the_18_formats()
    {
        Assert.Equal(18, Formats.All.Count);
        Assert.Equal(
            ["perso", "envole_orleans-tours", "esup", "scolastance", "itop", "itslearning", "kosmos", "laclasse", "liberscol",
             "openent", "netocentre", "pentila", "provence", "reunion", "sopra", "toutatice", "atos", "webeducation"],
            Formats.All.Select(f => f.Name));
    }

    [Fact]
    public void Format_lines_are_parsed_by_position_and_by_header_name()
    {
        EntCsvFormat openent = Formats["openent"];
        Assert.Equal(1, openent.HeaderLines);
        Assert.Equal(EntColumnLocator.Position, openent.LocateBy);
        Assert.Equal(3, openent.LastName.Index);
        Assert.Equal(4, openent.FirstName.Index);
        Assert.Equal(0, openent.EntId.Index);
        Assert.Equal(2, openent.SiecleId!.Index);
        Assert.True(openent.HasSiecleId);

        EntCsvFormat kosmos = Formats["KOSMOS"];
        Assert.Equal(EntColumnLocator.HeaderName, kosmos.LocateBy);
        Assert.Equal("Nom", kosmos.LastName.HeaderName);
        Assert.Equal("Prénom", kosmos.FirstName.HeaderName);
        Assert.Equal("Identifiant ENT", kosmos.EntId.HeaderName);
        Assert.False(kosmos.HasSiecleId);

        Assert.Equal(2, Formats["esup"].HeaderLines);
        Assert.Equal(0, Formats["toutatice"].HeaderLines);
        Assert.Equal(5, Formats["pentila"].EntId.Index);
        Assert.Equal(1, Formats["webeducation"].SiecleId!.Index);
        Assert.Equal(4, Formats["atos"].SiecleId!.Index);
        Assert.Equal(["openent", "atos", "webeducation"], Formats.All.Where(f => f.HasSiecleId).Select(f => f.Name));
    }

    [Fact]
    public void Unknown_format_is_reported_in_french()
    {
        Assert.False(Formats.TryGet("nope", out _));
        KeyNotFoundException ex = Assert.Throws<KeyNotFoundException>(() => Formats["nope"]);
        Assert.Contains("inconnu", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_table_loads_from_a_text_reader_and_rejects_bad_lines()
    {
        const string tsv = "format\theader_lines\tlocate_by\tnom\tprenom\tid_ent\tid_sconet\nmine\t1\tposition\t2\t1\t0\t3\n";
        EntCsvFormats formats = EntCsvFormats.Load(new StringReader(tsv));
        Assert.Equal(3, formats["mine"].SiecleId!.Index);

        const string bad = "format\theader_lines\tlocate_by\tnom\tprenom\tid_ent\nmine\t1\tposition\tA\t1\t0\n";
        Assert.Throws<FormatException>(() => EntCsvFormats.Load(new StringReader(bad)));
    }

    [Fact]
    public void Embedded_connector_table_is_complete_and_refers_to_known_formats()
    {
        // 174 lines in the file: 1 header + 173 catalog lines, 83 distinct connectors.
        Assert.Equal(173, Connectors.All.Count);
        Assert.Equal(83, Connectors.Names.Count());
        Assert.Empty(Connectors.Validate(Formats));
    }

    [Fact]
    public void Connector_fields_are_read()
    {
        EntConnector toutatice = Connectors["toutatice"];
        Assert.Equal("22", toutatice.Department);
        Assert.Equal("ENT Toutatice (académie de Rennes)", toutatice.Label);
        Assert.Equal("SERIA Rennes", toutatice.Vendor);
        Assert.Equal("toutatice", toutatice.CsvFormat);
        Assert.Equal("www.toutatice.fr", toutatice.Host);
        Assert.Equal(443, toutatice.Port);
        Assert.Equal("casshib/shib/toutatice", toutatice.Root);
        Assert.Null(toutatice.UrlLogin);
        Assert.Equal("https://www.toutatice.fr/casshib/shib/666666/serviceValidate", toutatice.UrlValidate);
        Assert.False(toutatice.RequiresSchoolSubdomain);

        EntConnector provence = Connectors["envole_provence"];
        Assert.Equal(8443, provence.Port);
        Assert.Null(provence.Root);

        EntConnector perso = Connectors["perso"];
        Assert.Null(perso.Department);
        Assert.Null(perso.Host);
        Assert.Equal("perso", perso.CsvFormat);
    }

    [Fact]
    public void Wildcard_host_needs_the_school_subdomain()
    {
        EntConnector icart = Connectors["icart_poitiers"];
        Assert.True(icart.RequiresSchoolSubdomain);
        Assert.True(icart.RequiresPort); // port "*" in the catalog
        Assert.Equal("lyc-dupont.ac-poitiers.fr", icart.ResolveHost("lyc-dupont"));
        Assert.Throws<ArgumentException>(() => icart.ResolveHost(null));
        Assert.Throws<ArgumentException>(() => icart.ResolveHost("a/b"));

        EntConnector cloe = Connectors["cloe_dijon"];
        Assert.True(cloe.RequiresSchoolSubdomain);
        Assert.Equal(8443, cloe.Port);
        Assert.Equal("www.toutatice.fr", Connectors["toutatice"].ResolveHost("ignored"));
    }

    [Fact]
    public void Connectors_by_department()
    {
        // Département 90: itslearning_90, itop_90, itop_oze_90, enoe_besancon.
        Assert.Equal(["itslearning_90", "itop_90", "itop_oze_90", "enoe_besancon"], Connectors.ForDepartment("90").Select(c => c.Connector));
        Assert.Equal(["itslearning_corse"], Connectors.ForDepartment("2a").Select(c => c.Connector));
    }
}
