using System.Text;
using Sacoche.Import.Domain.EntIdentifiers;
using Xunit;
using static Sacoche.Import.Tests.EntIdentifiers.EntTestHelpers;

namespace Sacoche.Import.Tests.EntIdentifiers;

public class EntMatchReportCsvTests
{
    [Fact]
    public void Export_is_utf8_with_bom_semicolons_and_french_headers()
    {
        MatchCandidate jean = Person("Dupont", "Jean", classCode: "3A");
        MatchCandidate paulA = Person("Martin", "Paul", classCode: "3A", id: 1);
        MatchCandidate paulB = Person("Martin", "Paul", classCode: "3B", id: 2);
        EntMatchReport report = EntIdMatcher.Match(
            [Row(2, "DUPONT", "Jean", "jdupont"), Row(3, "MARTIN", "Paul", "=cmd", className: "3A"), Row(4, "X;Y", "Zoé", "z")],
            [jean, paulA, paulB]);

        byte[] bytes = EntMatchReportCsv.ToBytes(report);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
        string text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        string[] lines = text.Split("\r\n");
        Assert.Equal(5, lines.Length); // header, 3 rows, trailing empty
        Assert.Equal("Ligne;Nom;Prénom;Identifiant ENT;Résultat;Utilisateur;Candidats", lines[0]);
        Assert.StartsWith("2;DUPONT;Jean;jdupont;Identifiant attribué — ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(";Dupont Jean (ELV, 3A);", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("3;MARTIN;Paul;'=cmd;Homonymes : choix à faire", lines[2], StringComparison.Ordinal);
        Assert.Contains("1. Martin Paul (ELV, 3A), score 20 : même classe (3A) [proposé] | 2. Martin Paul (ELV, 3B), score -10", lines[2], StringComparison.Ordinal);
        // The message quotes the name, so the Résultat cell holds a ';' and is quoted too.
        Assert.Equal("4;\"X;Y\";Zoé;z;\"Utilisateur non trouvé — Aucun utilisateur « X;Y Zoé » dans l'établissement.\";;", lines[3]);
        Assert.Equal(string.Empty, lines[4]);
    }
}
