using Sacoche.Import.Domain;
using Xunit;
using static Sacoche.Import.Tests.Domain.TestFiles;

namespace Sacoche.Import.Tests.Domain;

public class StsParserTests
{
    private static StsFile Parse(string xml) => StsParser.Parse(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(xml)), Context);

    private static readonly string Individus =
        Individu("100", "ENS", nomUsage: "GÉRAUD", patro: "DUPRÉ", extra:
            "<PROFS_PRINC><PROF_PRINC><CODE_STRUCTURE>3A</CODE_STRUCTURE><DATE_FIN>2027-07-04</DATE_FIN></PROF_PRINC><PROF_PRINC><CODE_STRUCTURE>3B</CODE_STRUCTURE><DATE_FIN>2026-09-30</DATE_FIN></PROF_PRINC><PROF_PRINC><CODE_STRUCTURE>3C</CODE_STRUCTURE><DATE_FIN>2026-10-01</DATE_FIN></PROF_PRINC></PROFS_PRINC>"
            + """<DISCIPLINES><DISCIPLINE CODE="L0202"><LIBELLE_COURT>LETTRES MODERNES</LIBELLE_COURT></DISCIPLINE></DISCIPLINES>""")
        + Individu("200", null, patro: "LEFÈVRE")
        + Individu("300", "DIR", patro: "PRINCIPAL")
        + Individu("400", "EDU", patro: "CPE");

    private static readonly string Divisions =
        $"""<DIVISION CODE="3A"><LIBELLE_LONG>3ÈME A</LIBELLE_LONG><MEFS_APPARTENANCE><MEF_APPARTENANCE/><MEF CODE="10310019110"/></MEFS_APPARTENANCE><SERVICES>{Service("020700", "100")}{Service("030201", "200")}{Service("999999", "200")}</SERVICES></DIVISION>"""
        + $"""<DIVISION CODE="3B"><LIBELLE_LONG>3ÈME B</LIBELLE_LONG><SERVICES>{Service("020700", "100", "999")}</SERVICES></DIVISION>""";

    private static readonly string Groupes =
        $"""<GROUPE CODE="3LAT"><LIBELLE_LONG>LATIN 3E</LIBELLE_LONG><DIVISIONS_APPARTENANCE><DIVISION_APPARTENANCE CODE="3A"/><DIVISION_APPARTENANCE CODE="3B"/></DIVISIONS_APPARTENANCE><SERVICES>{Service("020300", "100")}</SERVICES></GROUPE>""";

    [Fact]
    public void Reads_staff_structures_and_services()
    {
        var file = Parse(Sts(Individus, Divisions, Groupes));

        Assert.Equal("0341234A", file.Uai);
        Assert.Equal(2026, file.SchoolYear);
        Assert.Equal(3, file.Subjects.Count);
        Assert.Equal("FRANC", file.Subjects[0].ManagementCode);
        Assert.Equal("Français", file.Subjects[0].EditionLabel);
        Assert.Equal("10310019110", Assert.Single(file.Mefs).Code);

        Assert.Equal(4, file.Staff.Count);
        var t = file.Staff[0];
        Assert.Equal("GÉRAUD", t.LastName); // NOM_USAGE first
        Assert.Equal("Hélène", t.FirstName);
        Assert.Equal("ENS", t.Profile);
        Assert.Equal(Gender.Female, t.Gender);
        Assert.Equal("Mme", t.Civility);
        Assert.Equal(new DateOnly(1975, 4, 12), t.BirthDate);
        Assert.Equal("L0202", Assert.Single(t.Disciplines).Code);
        Assert.Equal(["3A", "3C"], t.PrincipalOfClasses); // 3B ended yesterday; 3C ends today (≥ today)
        Assert.Equal("LEFÈVRE", Assert.Single(file.Staff, s => s.StsId == "200").LastName); // NOM_PATRONYMIQUE fallback
        Assert.Equal("ENS", file.Staff[1].Profile); // missing FONCTION means ENS
        Assert.Equal("DIR", file.Staff[2].Profile);
        Assert.Equal("EDU", file.Staff[3].Profile);

        Assert.Equal(["3A", "3B"], file.Classes.Select(c => c.Code));
        Assert.Equal("3ÈME A", file.Classes[0].Label);
        Assert.Equal(["10310019110"], file.Classes[0].MefCodes);
        var g = Assert.Single(file.Groups);
        Assert.Equal(["3A", "3B"], g.ClassCodes);

        Assert.Contains(file.Services, s => s is { TeacherStsId: "100", StructureCode: "3A", Kind: StructureKind.Class, SubjectCode: "FRANC" });
        Assert.Contains(file.Services, s => s is { TeacherStsId: "200", StructureCode: "3A", SubjectCode: "AGL1" });
        Assert.Contains(file.Services, s => s is { TeacherStsId: "100", StructureCode: "3LAT", Kind: StructureKind.Group, SubjectCode: "LCALA" });
        Assert.Contains(file.Services, s => s is { SubjectBcnCode: "999999", SubjectCode: null });
        Assert.DoesNotContain(file.Services, s => s.TeacherStsId == "999");
        Assert.Contains(file.Warnings, w => w.Code == "unknown-subject");
        Assert.Contains(file.Warnings, w => w.Code == "unknown-teacher");
        Assert.Equal(5, file.Services.Count);
    }

    [Fact]
    public void Application_source_from_private_timetable_software_is_rejected()
    {
        var ex = Assert.Throws<ImportFormatException>(() => Parse(Sts(parametresExtra: "<APPLICATION_SOURCE>UnDeuxTemps</APPLICATION_SOURCE>")));
        Assert.Equal("private-timetable-software", ex.Code);
        Assert.Contains("APPLICATION_SOURCE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uai_and_year_are_read_from_attributes()
    {
        var ex = Assert.Throws<ImportFormatException>(() => Parse(Sts(uai: "0123456B")));
        Assert.Equal("Le fichier concerne l'établissement 0123456B et non 0341234A.", ex.Message);
        Assert.Equal("wrong-year", Assert.Throws<ImportFormatException>(() => Parse(Sts(year: "2025"))).Code);
        var text = Sts().Replace("<UAJ CODE=\"0341234A\" />", "<UAJ>0341234A</UAJ>", StringComparison.Ordinal);
        Assert.Equal("0341234A", Parse(text).Uai);
    }

    [Fact]
    public void Bee_file_given_to_the_sts_parser_is_rejected()
    {
        Assert.Equal("wrong-root", Assert.Throws<ImportFormatException>(() => Parse(Students(""))).Code);
    }

    [Fact]
    public void Subject_codes_that_lost_their_leading_zero_are_padded_to_six_digits_and_services_still_find_them()
    {
        var matieres = """<MATIERE CODE="20700"><CODE_GESTION>FRANC</CODE_GESTION><LIBELLE_LONG>FRANCAIS</LIBELLE_LONG></MATIERE>""";
        var divisions = $"""<DIVISION CODE="3A"><SERVICES>{Service("20700", "100")}</SERVICES></DIVISION>""";

        var file = Parse(Sts(Individu("100", "ENS"), divisions, matieres: matieres));

        Assert.Equal("020700", Assert.Single(file.Subjects).Code);
        Assert.Equal(new StsService("100", "3A", StructureKind.Class, "020700", "FRANC"), Assert.Single(file.Services));
        Assert.DoesNotContain(file.Warnings, w => w.Code == "unknown-subject");
    }
}
