using System.Text;
using Sacoche.Competences.Domain;
using Xunit;

namespace Sacoche.Competences.Tests.Domain;

public class ReferentialXmlTests
{
    private static ReferentialXmlResult ReadString(string xml) =>
        ReferentialXml.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    private static string WriteString(ReferentialTree tree)
    {
        using var stream = new MemoryStream();
        ReferentialXml.Write(tree, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Every field of the tree, one line per node, for deep comparison.</summary>
    private static List<string> Flatten(ReferentialTree tree)
    {
        var lines = new List<string>();
        foreach (var d in tree.Domains)
        {
            lines.Add($"D|{d.Order}|{d.Code}|{d.Ref}|{d.Name}");
            foreach (var t in d.Themes)
            {
                lines.Add($"T|{t.Order}|{t.Ref}|{t.Name}");
                foreach (var i in t.Items)
                {
                    lines.Add($"I|{i.Order}|{i.Ref}|{i.Name}|{i.Abbreviation}|{i.Coefficient}|{i.Cart}|{i.Link}|{i.Comment}|"
                        + string.Join(",", i.CommonCoreLinks.Select(l => $"{l.Cycle}:{l.Component}")));
                }
            }
        }
        return lines;
    }

    private static ReferentialTree Sample() => new(
    [
        new ReferentialDomain(1, 'A', "NC", "Nombres et calculs",
        [
            new ReferentialTheme(1, "", "Nombres",
            [
                new ReferentialItem(1, "N1", "Comparer des fractions")
                {
                    Abbreviation = "Fractions",
                    Coefficient = 2,
                    Cart = false,
                    Link = "https://exemple.fr/remediation?a=1&b=2",
                    Comment = "Voir « cours » <chapitre 3> & \"exercices\"\nligne 2",
                    CommonCoreLinks = [new(3, CommonCoreComponent.CpdSci), new(4, CommonCoreComponent.MetApp)],
                },
                new ReferentialItem(2, "", "Calculer avec des nombres décimaux"),
            ]),
            new ReferentialTheme(2, "T2", "Calcul littéral", [new ReferentialItem(1, "", "Développer une expression") { Coefficient = 0 }]),
        ]),
        new ReferentialDomain(2, 'B', "", "Espace et géométrie", []),
    ]);

    [Fact]
    public void Round_trip_preserves_every_field()
    {
        var tree = Sample();
        Assert.Empty(tree.Validate());
        string xml = WriteString(tree);
        var result = ReadString(xml);
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        Assert.Equal(Flatten(tree), Flatten(result.Tree!));
        // Writing what was read gives the same bytes.
        Assert.Equal(xml, WriteString(result.Tree!));
    }

    [Fact]
    public void Written_format_uses_reference_names()
    {
        string xml = WriteString(Sample());
        Assert.Contains("<arbre>", xml, StringComparison.Ordinal);
        Assert.Contains("<domaine code=\"A\" ref=\"NC\" nom=\"Nombres et calculs\">", xml, StringComparison.Ordinal);
        Assert.Contains("<theme ref=\"\" nom=\"Nombres\">", xml, StringComparison.Ordinal);
        Assert.Contains("<item ref=\"N1\" nom=\"Comparer des fractions\" abrev=\"Fractions\" coef=\"2\" cart=\"0\" lien=\"https://exemple.fr/remediation?a=1&amp;b=2\"", xml, StringComparison.Ordinal);
        Assert.Contains("<socle cycle=\"3\" composante=\"CPD_SCI\" />", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("DOCTYPE", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_applies_defaults_and_accepts_reference_numbers()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <arbre id="SACoche">
              <!-- commentaire ignoré -->
              <domaine code="A" ref="" nom=" Nombres et calculs ">
                <theme ref="" nom="Nombres">
                  <item ref="" nom="Comparer">
                    <socle cycle="4" composante="13"/>
                    <socle cycle="4" composante="CPD_SCI"/>
                  </item>
                  <item nom="Ranger" coef="3" cart="non" lien="" comm=""/>
                </theme>
              </domaine>
            </arbre>
            """;
        var result = ReadString(xml);
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        var domain = Assert.Single(result.Tree!.Domains);
        Assert.Equal("Nombres et calculs", domain.Name);
        var items = Assert.Single(domain.Themes).Items;
        Assert.Equal(1, items[0].Coefficient);
        Assert.True(items[0].Cart);
        Assert.Equal([new CommonCoreLink(4, CommonCoreComponent.CpdSci)], items[0].CommonCoreLinks); // duplicate folded
        Assert.Equal(2, items[1].Order);
        Assert.Equal(3, items[1].Coefficient);
        Assert.False(items[1].Cart);
        Assert.Null(items[1].Link);
        Assert.Null(items[1].Comment);
        Assert.Equal("6e.A12", ReferentialTree.DisplayReference("6e", domain, domain.Themes[0], items[1]));
    }

    [Fact]
    public void Errors_name_the_element_in_french()
    {
        const string xml = """
            <arbre>
              <domaine code="AB" nom="Nombres et calculs">
                <theme nom="Nombres">
                  <item nom="Un"/>
                  <item nom="Deux" abrev="Abréviation beaucoup trop longue" coef="abc"/>
                  <item nom=" "/>
                  <item nom="Quatre" coef="25" cart="peut-être" lien="javascript:alert(1)">
                    <socle cycle="5" composante="CPD_XXX"/>
                  </item>
                  <exercice/>
                </theme>
              </domaine>
              <domaine code="B" nom=""/>
            </arbre>
            """;
        var result = ReadString(xml);
        Assert.False(result.IsSuccess);
        Assert.Null(result.Tree);
        var e = result.Errors;
        Assert.Contains("domaine n° 1 « Nombres et calculs » : code « AB » invalide (un seul caractère attendu)", e);
        Assert.Contains("item n° 2 du thème « Nombres » : coefficient « abc » invalide (nombre entier de 0 à 20 attendu)", e);
        Assert.Contains("item n° 2 du thème « Nombres » : abréviation trop longue (15 caractères au plus).", e);
        Assert.Contains("item n° 3 du thème « Nombres » : nom vide", e);
        Assert.Contains("item n° 4 du thème « Nombres » : coefficient 25 invalide (de 0 à 20).", e);
        Assert.Contains("item n° 4 du thème « Nombres » : valeur « peut-être » de cart invalide (1 ou 0 attendu)", e);
        Assert.Contains(e, m => m.StartsWith("item n° 4 du thème « Nombres » : lien « javascript:alert(1) » invalide", StringComparison.Ordinal));
        Assert.Contains("lien au socle n° 1 de l'item n° 4 du thème « Nombres » : cycle « 5 » invalide (2, 3 ou 4 attendu)", e);
        Assert.Contains(e, m => m.StartsWith("lien au socle n° 1 de l'item n° 4 du thème « Nombres » : composante « CPD_XXX » inconnue", StringComparison.Ordinal));
        Assert.Contains("thème n° 1 du domaine « Nombres et calculs » : élément <exercice> inattendu (<item> attendu)", e);
        Assert.Contains("domaine n° 2 : nom vide", e);
    }

    [Fact]
    public void Wrong_root_is_rejected()
    {
        var result = ReadString("<referentiel><domaine code=\"A\" nom=\"x\"/></referentiel>");
        Assert.Equal(["L'élément racine doit être <arbre> (trouvé <referentiel>)."], result.Errors);
    }

    [Fact]
    public void Malformed_xml_is_rejected_with_the_line()
    {
        var result = ReadString("<arbre>\n<domaine code=\"A\" nom=\"x\">\n</arbre>");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Le fichier n'est pas un XML valide (ligne 3", error, StringComparison.Ordinal);
        Assert.Single(ReadString("pas du XML").Errors);
        Assert.Single(ReadString("").Errors);
    }

    [Fact]
    public void Doctype_and_internal_entities_are_rejected()
    {
        // "Billion laughs": must never be expanded.
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE arbre [
              <!ENTITY a "aaaaaaaaaa">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            ]>
            <arbre><domaine code="A" nom="&c;"/></arbre>
            """;
        var result = ReadString(xml);
        Assert.Null(result.Tree);
        var error = Assert.Single(result.Errors);
        Assert.Contains("DOCTYPE", error, StringComparison.Ordinal);
    }

    [Fact]
    public void External_entities_are_rejected()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE arbre [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <arbre><domaine code="A" nom="&xxe;"/></arbre>
            """;
        var result = ReadString(xml);
        Assert.Null(result.Tree);
        Assert.Contains("DOCTYPE", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Undeclared_entity_is_rejected()
    {
        var result = ReadString("<arbre><domaine code=\"A\" nom=\"&xxe;\"/></arbre>");
        Assert.Null(result.Tree);
        Assert.StartsWith("Fichier refusé", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_documents_are_rejected()
    {
        // Seekable stream: rejected before parsing.
        var big = new MemoryStream(new byte[ReferentialXml.MaxCharacters * 2 + 1]);
        Assert.StartsWith("Le fichier est trop volumineux", Assert.Single(ReferentialXml.Read(big).Errors), StringComparison.Ordinal);

        // Non-seekable stream: stopped by the reader's character limit.
        string xml = "<arbre><domaine code=\"A\" nom=\"" + new string('x', (int)ReferentialXml.MaxCharacters) + "\"/></arbre>";
        using var stream = new NonSeekableStream(Encoding.UTF8.GetBytes(xml));
        Assert.StartsWith("Le fichier est trop volumineux", Assert.Single(ReferentialXml.Read(stream).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_items_in_a_theme_stops_reading()
    {
        var sb = new StringBuilder("<arbre><domaine code=\"A\" nom=\"D\"><theme nom=\"Nombres\">");
        for (int i = 0; i <= ReferentialTree.MaxItemsPerTheme; i++)
        {
            sb.Append("<item nom=\"i\"/>");
        }
        sb.Append("</theme></domaine></arbre>");
        var result = ReadString(sb.ToString());
        Assert.Null(result.Tree);
        Assert.Contains("thème n° 1 « Nombres » du domaine « D » : trop d'items (200 au plus).", result.Errors);
    }

    [Fact]
    public void Writing_an_invalid_tree_throws_with_french_errors()
    {
        var tree = new ReferentialTree([new ReferentialDomain(1, 'A', "", "D", [new ReferentialTheme(1, "", "Nombres", [new ReferentialItem(1, "", "")])])]);
        var e = Assert.Throws<ArgumentException>(() => WriteString(tree));
        Assert.Contains("item n° 1 du thème « Nombres » : nom vide", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Item_name_up_to_255_characters()
    {
        var ok = new ReferentialItem(1, "", new string('é', 255));
        var tooLong = new ReferentialItem(1, "", new string('é', 256));
        ReferentialTree Tree(ReferentialItem item) => new([new ReferentialDomain(1, 'A', "", "D", [new ReferentialTheme(1, "", "T", [item])])]);
        Assert.Empty(Tree(ok).Validate());
        Assert.Contains("item n° 1 du thème « T » : nom trop long (256 caractères, 255 au plus)", Tree(tooLong).Validate());
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
