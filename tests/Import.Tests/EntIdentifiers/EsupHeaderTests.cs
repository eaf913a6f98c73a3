using Sacoche.Import.Domain.EntIdentifiers;
using static Sacoche.Import.Tests.EntIdentifiers.EntTestHelpers;

namespace Sacoche.Import.Tests.EntIdentifiers;

/// <summary>
/// ESUP-based ENTs title their columns with the directory's attribute names (ENTPersonProfils,
/// ENTEleveClasses, ENTPersonDateNaissance); their class column must be read like « Classe ».
/// </summary>
public class EsupHeaderTests
{
    private const string Export =
        "Export ENT du 01/09/2026\n" +
        "uid;ENTPersonProfils;sn;givenName;ENTEleveClasses;ENTPersonDateNaissance\n" +
        "pmartin1;National_ELV;MARTIN;Paul;3A;14/02/2012\n" +
        "pmartin2;National_ELV;MARTIN;Paul;0341234A$4B;14/02/2012\n";

    [Fact]
    public void Class_profile_and_birth_date_columns_are_read()
    {
        EntCsvReadResult result = ReadText(Export, "esup");

        Assert.Equal(new EntCsvExtraColumns(1, 4, 5, null), result.ExtraColumns);
        Assert.Equal(["3A", "4B"], result.Rows.Select(r => r.ClassName));
        Assert.All(result.Rows, r => Assert.Equal(new DateOnly(2012, 2, 14), r.BirthDate));
        Assert.All(result.Rows, r => Assert.Equal("National_ELV", r.Profile));
    }

    [Fact]
    public void Homonyms_born_the_same_day_in_different_classes_each_get_the_right_candidate()
    {
        var birth = new DateOnly(2012, 2, 14);
        MatchCandidate paul3A = Person("Martin", "Paul", classCode: "3A", birth: birth, id: 1);
        MatchCandidate paul4B = Person("Martin", "Paul", classCode: "4B", birth: birth, id: 2);

        EntMatchReport report = EntIdMatcher.Match(ReadText(Export, "esup"), [paul3A, paul4B]);

        Assert.Equal(2, report.Rows.Count);
        Assert.All(report.Rows, r => Assert.Equal(EntMatchOutcome.Homonyms, r.Outcome));
        Assert.Equal(paul3A.UserId, report.Rows.Single(r => r.EntId == "pmartin1").ProposedUserId);
        Assert.Equal(paul4B.UserId, report.Rows.Single(r => r.EntId == "pmartin2").ProposedUserId);
    }
}
