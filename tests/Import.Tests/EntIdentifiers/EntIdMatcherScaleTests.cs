using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sacoche.Import.Domain.EntIdentifiers;
using Xunit;
using Xunit.Abstractions;
using static Sacoche.Import.Tests.EntIdentifiers.EntTestHelpers;

namespace Sacoche.Import.Tests.EntIdentifiers;

/// <summary>6,000 lines against 6,000 people. Timings are written to the test output, never asserted.</summary>
public class EntIdMatcherScaleTests(ITestOutputHelper output)
{
    private static readonly string[] LastNames =
    [
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
        "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
        "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Müller", "Lefèbvre", "Faure", "André",
        "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
        "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
        "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
        "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
        "Martínez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
        "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
        "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte",
        "N'Diaye", "D'Almeida", "Le Gall", "Le Goff", "De La Motte", "Hoarau", "Bailly", "Hervé", "Da Silva", "Ferreira",
    ];

    private static readonly string[] SecondParts =
    [
        "", "Martin", "Bernard", "Petit", "Durand", "Moreau", "Simon", "Leroy", "Roux", "Morel", "Girard", "Faure",
        "Blanc", "Boyer", "Robin", "Morin", "Henry", "Duval", "Denis", "Meyer", "Brun", "Joly", "Lucas", "Roy",
        "Colin", "Vidal", "Caron", "Fabre", "Rey", "Dumas", "Renaud", "Aubert", "Picard", "Roger", "Payet", "Hervé",
        "Bailly", "Noël", "Marie", "Gay", "Laine", "Cordier", "Hamon", "Carré", "Tessier", "Weber", "Hubert", "Marty",
        "Benard", "Collet", "Marechal", "Lebrun", "Leblanc", "Barre", "Renault", "Poulain", "Guillot", "Maillard", "Collin",
    ];

    private static readonly string[] FirstNames =
    [
        "Léa", "Zoé", "Chloé", "Inès", "Jade", "Louise", "Emma", "Manon", "Camille", "Lina", "Éloïse", "Maëlys",
        "Hugo", "Lucas", "Louis", "Nathan", "Jules", "Gabriel", "Raphaël", "Arthur", "Noé", "Théo", "Enzo", "Mathéo",
        "Jean-Pierre", "Marie-Claire", "Anne-Sophie", "Pierre-Louis", "Gaëlle", "Joël", "Anaïs", "Maïwenn",
    ];

    private static List<MatchCandidate> Directory(int count)
    {
        var random = new Random(20240901);
        var people = new List<MatchCandidate>(count);
        for (int i = 0; i < count; i++)
        {
            // Last names are unique by construction (110 × 59 > 6,000 combinations), so every line has one match.
            string last = LastNames[i % LastNames.Length];
            string second = SecondParts[i / LastNames.Length % SecondParts.Length];
            if (second.Length > 0)
            {
                last += "-" + second;
            }

            string profile = i % 10 == 0 ? "ENS" : i % 3 == 0 ? "TUT" : "ELV";
            people.Add(new MatchCandidate(
                Guid.NewGuid(),
                profile,
                last,
                FirstNames[random.Next(FirstNames.Length)],
                new DateOnly(2008, 1, 1).AddDays(random.Next(2500)),
                profile == "ELV" ? $"{6 + random.Next(4)}{(char)('A' + random.Next(6))}" : null,
                profile == "ENS" ? null : (100000 + i).ToString(CultureInfo.InvariantCulture),
                null,
                true));
        }

        return people;
    }

    /// <summary>What an ENT typically exports: upper case, no accents, hyphens turned into spaces.</summary>
    private static string Plain(string s)
    {
        var sb = new StringBuilder();
        foreach (char c in s.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c == '-' ? ' ' : char.ToUpperInvariant(c));
            }
        }

        return sb.ToString();
    }

    [Fact]
    public void Six_thousand_lines_against_six_thousand_people()
    {
        List<MatchCandidate> directory = Directory(6000);
        var csv = new StringBuilder("Nom;Prénom;Profil;Classe;Date de naissance;Login\n");
        foreach ((MatchCandidate p, int i) in directory.Select((p, i) => (p, i)))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Plain(p.LastName)};{Plain(p.FirstName)};{p.Profile};{p.ClassCode};{p.BirthDate:dd/MM/yyyy};ent{i:D5}\n");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var readWatch = Stopwatch.StartNew();
        EntCsvReadResult file = ReadBytes(bytes, "pentila");
        readWatch.Stop();
        Assert.Equal(6000, file.Rows.Count);

        var coldWatch = Stopwatch.StartNew();
        EntMatchReport report = EntIdMatcher.Match(file, directory);
        coldWatch.Stop();

        var warmWatch = Stopwatch.StartNew();
        EntMatchReport again = EntIdMatcher.Match(file, directory);
        warmWatch.Stop();

        Assert.Equal(6000, report.Count(EntMatchOutcome.Assigned));
        Assert.Equal(6000, again.Count(EntMatchOutcome.Assigned));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"read 6000 lines: {readWatch.Elapsed.TotalMilliseconds:F1} ms; match cold: {coldWatch.Elapsed.TotalMilliseconds:F1} ms; match warm: {warmWatch.Elapsed.TotalMilliseconds:F1} ms"));

        // Worst case for the approximate tier: nobody found exactly, every line goes through the token index.
        EntCsvRow[] partial = directory.Select((p, i) => Row(i + 2, p.LastName.Split('-')[0], p.FirstName, "x" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        var approxWatch = Stopwatch.StartNew();
        EntMatchReport approx = EntIdMatcher.Match(partial, directory);
        approxWatch.Stop();
        Assert.Equal(6000, approx.Rows.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"match 6000 partial names: {approxWatch.Elapsed.TotalMilliseconds:F1} ms"));
    }
}
