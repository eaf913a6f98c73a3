using System.Text;
using Sacoche.Import.Domain;
using Xunit;
using static Sacoche.Import.Tests.Domain.TestFiles;

namespace Sacoche.Import.Tests.Domain;

public class SiecleStudentsParserTests
{
    private static SiecleStudentsFile Parse(string xml) => SiecleStudentsParser.Parse(Latin9Stream(xml), Context);

    [Fact]
    public void Reads_a_student_with_class_groups_and_options()
    {
        var xml = Students(
            Eleve("1001", "<NOM_DE_FAMILLE>LEFÈVRE</NOM_DE_FAMILLE>", "<INE_RNIE>123456789AB</INE_RNIE><MEL>zoe@example.org</MEL><CODE_MEF>10310019110</CODE_MEF><SCOLARITE_AN_DERNIER><CODE_RNE>0340999Z</CODE_RNE><DENOM_PRINC>COLLEGE</DENOM_PRINC></SCOLARITE_AN_DERNIER>"),
            Structures("1001", ("3A", "D"), ("3LAT1", "G"), ("3ESP2", "G")),
            """<OPTION ELEVE_ID="1001"><OPTIONS_ELEVE><NUM_OPTION>1</NUM_OPTION><CODE_MODALITE_ELECT>O</CODE_MODALITE_ELECT><CODE_MATIERE>020300</CODE_MATIERE></OPTIONS_ELEVE></OPTION>""");

        var file = Parse(xml);

        var s = Assert.Single(file.Students);
        Assert.Equal("0341234A", file.Uai);
        Assert.Equal(2026, file.SchoolYear);
        Assert.Equal(new DateOnly(2026, 10, 1), file.ExportDate);
        Assert.Equal("1001", s.SiecleId);
        Assert.Equal("E1001", s.Elenoet);
        Assert.Equal("LEFÈVRE", s.LastName);
        Assert.Equal("Zoé", s.FirstName);
        Assert.Equal(new DateOnly(2014, 3, 5), s.BirthDate);
        Assert.Equal(Gender.Female, s.Gender);
        Assert.Equal("zoe@example.org", s.Email);
        Assert.Equal("10310019110", s.MefCode);
        Assert.Equal("3A", s.ClassCode);
        Assert.Equal(["3LAT1", "3ESP2"], s.GroupCodes);
        Assert.Equal([new StudentOption("020300", "O")], s.Options);
        Assert.Equal("0340999Z", s.PreviousSchoolUai);
        Assert.Equal("123456789AB", s.Ine);
        Assert.True(s.Line > 1);
    }

    [Theory]
    [InlineData("<NOM>ANCIEN</NOM><NOM_USAGE>USAGE</NOM_USAGE><NOM_DE_FAMILLE>FAMILLE</NOM_DE_FAMILLE>", "ANCIEN")]
    [InlineData("<NOM_DE_FAMILLE>FAMILLE</NOM_DE_FAMILLE><NOM_USAGE>USAGE</NOM_USAGE>", "USAGE")]
    [InlineData("<NOM_DE_FAMILLE>FAMILLE</NOM_DE_FAMILLE>", "FAMILLE")]
    [InlineData("<NOM_USAGE>SEUL-USAGE</NOM_USAGE>", "SEUL-USAGE")]
    [InlineData("<NOM_DE_FAMILLE>FAMILLE</NOM_DE_FAMILLE><NOM_USAGE>  </NOM_USAGE>", "FAMILLE")]
    public void Name_falls_back_from_NOM_to_NOM_USAGE_to_NOM_DE_FAMILLE(string names, string expected)
    {
        var file = Parse(Students(Eleve("1", names), Structures("1", ("6A", "D"))));
        Assert.Equal(expected, Assert.Single(file.Students).LastName);
    }

    [Theory]
    [InlineData("<ID_NATIONAL>0000000001A</ID_NATIONAL>", "0000000001A", null)]
    [InlineData("<INE_BEA>0000000002B</INE_BEA>", "0000000002B", null)]
    [InlineData("<INE_BEA>0000000002B</INE_BEA><INE_RNIE>1111111111R</INE_RNIE>", "1111111111R", "0000000002B")]
    [InlineData("<INE_RNIE>1111111111R</INE_RNIE><ID_NATIONAL>0000000001A</ID_NATIONAL>", "1111111111R", "0000000001A")]
    [InlineData("<INE_RNIE>1111111111R</INE_RNIE><INE_BEA>1111111111R</INE_BEA>", "1111111111R", null)]
    public void Ine_prefers_INE_RNIE_and_keeps_the_former_one(string ines, string expected, string? old)
    {
        var s = Assert.Single(Parse(Students(Eleve("1", "<NOM>X</NOM>", ines), Structures("1", ("6A", "D")))).Students);
        Assert.Equal(expected, s.Ine);
        Assert.Equal(old, s.OldIne);
    }

    [Fact]
    public void Leavers_with_DATE_SORTIE_are_skipped_and_counted()
    {
        var file = Parse(Students(
            Eleve("1", "<NOM>A</NOM>") + Eleve("2", "<NOM>B</NOM>", "<DATE_SORTIE>15/09/2026</DATE_SORTIE>"),
            Structures("1", ("6A", "D")) + Structures("2", ("6A", "D"))));
        Assert.Equal("1", Assert.Single(file.Students).SiecleId);
        Assert.Equal(1, file.LeaversSkipped);
    }

    [Fact]
    public void Empty_DATE_SORTIE_does_not_mean_left()
    {
        var file = Parse(Students(Eleve("1", "<NOM>A</NOM>", "<DATE_SORTIE></DATE_SORTIE>"), Structures("1", ("6A", "D"))));
        Assert.Single(file.Students);
        Assert.Equal(0, file.LeaversSkipped);
    }

    [Fact]
    public void Student_without_class_is_ignored_counted_and_warned()
    {
        var file = Parse(Students(
            Eleve("1", "<NOM>A</NOM>") + Eleve("2", "<NOM>B</NOM>") + Eleve("3", "<NOM>C</NOM>"),
            Structures("1", ("6A", "D")) + Structures("2", ("6LAT", "G"))));
        Assert.Equal("1", Assert.Single(file.Students).SiecleId);
        Assert.Equal(2, file.WithoutClassSkipped);
        Assert.Contains(file.Warnings, w => w.Code == "without-class" && w.Message.Contains("2 élèves sans classe", StringComparison.Ordinal));
    }

    [Fact]
    public void Several_classes_keep_the_first_with_a_warning()
    {
        var file = Parse(Students(Eleve("1", "<NOM>A</NOM>"), Structures("1", ("6A", "D"), ("6B", "D"))));
        Assert.Equal("6A", Assert.Single(file.Students).ClassCode);
        var w = Assert.Single(file.Warnings, w => w.Code == "several-classes");
        Assert.Contains("6A", w.Message, StringComparison.Ordinal);
        Assert.Equal("1", w.RecordId);
    }

    [Theory]
    [InlineData("1", Gender.Male)]
    [InlineData("2", Gender.Female)]
    [InlineData("", null)]
    [InlineData("9", null)]
    public void Gender_maps_1_to_male_and_2_to_female(string code, Gender? expected)
    {
        var xml = Students($"""<ELEVE ELEVE_ID="1"><NOM>A</NOM><PRENOM>B</PRENOM><CODE_SEXE>{code}</CODE_SEXE><DATE_NAISS>31/02/2014</DATE_NAISS></ELEVE>""", Structures("1", ("6A", "D")));
        var s = Assert.Single(Parse(xml).Students);
        Assert.Equal(expected, s.Gender);
        Assert.Null(s.BirthDate); // 31 February is not a date
    }

    [Fact]
    public void Iso_8859_15_bytes_are_decoded_including_euro_and_oe()
    {
        // 0xA4 is € in ISO-8859-15 (¤ in ISO-8859-1); 0xBD is œ; 0xE9 is é.
        var head = "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><BEE_ELEVES><PARAMETRES><UAJ>0341234A</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES><DONNEES><ELEVES><ELEVE ELEVE_ID=\"1\"><NOM>C";
        var tail = "</PRENOM></ELEVE></ELEVES><STRUCTURES>" + Structures("1", ("6A", "D")) + "</STRUCTURES></DONNEES></BEE_ELEVES>";
        byte[] bytes = [.. Encoding.ASCII.GetBytes(head), 0xBD, (byte)'U', (byte)'R', .. Encoding.ASCII.GetBytes("</NOM><PRENOM>Ren"), 0xE9, (byte)' ', 0xA4, .. Encoding.ASCII.GetBytes(tail)];
        var s = Assert.Single(SiecleStudentsParser.Parse(new MemoryStream(bytes), Context).Students);
        Assert.Equal("CœUR", s.LastName);
        Assert.Equal("René €", s.FirstName);
    }

    [Fact]
    public void Utf8_with_and_without_bom_is_accepted()
    {
        var xml = Students(Eleve("1", "<NOM>GÉRAUD-NOËL</NOM>"), Structures("1", ("6A", "D"))).Replace("ISO-8859-15", "UTF-8", StringComparison.Ordinal);
        Assert.Equal("GÉRAUD-NOËL", Assert.Single(SiecleStudentsParser.Parse(Utf8Stream(xml, bom: true), Context).Students).LastName);
        Assert.Equal("GÉRAUD-NOËL", Assert.Single(SiecleStudentsParser.Parse(Utf8Stream(xml, bom: false), Context).Students).LastName);
    }

    [Fact]
    public void Utf8_without_declaration_is_accepted()
    {
        var xml = Students(Eleve("1", "<NOM>ÉLOÏSE</NOM>"), Structures("1", ("6A", "D"))).Replace("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>", string.Empty, StringComparison.Ordinal).Trim();
        Assert.Equal("ÉLOÏSE", Assert.Single(SiecleStudentsParser.Parse(Utf8Stream(xml), Context).Students).LastName);
    }

    [Fact]
    public void Wrong_uai_is_rejected_with_both_codes_in_french()
    {
        var ex = Assert.Throws<ImportFormatException>(() => Parse(Students("", uai: "0123456B")));
        Assert.Equal("wrong-uai", ex.Code);
        Assert.Equal("Le fichier concerne l'établissement 0123456B et non 0341234A.", ex.Message);
    }

    [Fact]
    public void Uai_comparison_ignores_case_and_spaces()
    {
        Assert.Empty(Parse(Students("", uai: " 0341234a ")).Students);
    }

    [Fact]
    public void Missing_uai_is_rejected()
    {
        var xml = Students("").Replace("<UAJ>0341234A</UAJ>", string.Empty, StringComparison.Ordinal);
        Assert.Equal("missing-uai", Assert.Throws<ImportFormatException>(() => Parse(xml)).Code);
    }

    [Fact]
    public void Wrong_year_is_rejected()
    {
        var ex = Assert.Throws<ImportFormatException>(() => Parse(Students("", year: "2025")));
        Assert.Equal("wrong-year", ex.Code);
        Assert.Contains("2025-2026", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2026-2027", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Year_is_checked_before_the_data_is_read()
    {
        // Parameters are validated as soon as PARAMETRES closes: a wrong file fails fast, even if malformed later.
        var xml = Students("", year: "2024") + "<garbage";
        Assert.Equal("wrong-year", Assert.Throws<ImportFormatException>(() => Parse(xml)).Code);
    }

    [Fact]
    public void Another_root_is_rejected()
    {
        var ex = Assert.Throws<ImportFormatException>(() => SiecleStudentsParser.Parse(Latin9Stream(Guardians("", "")), Context));
        Assert.Equal("wrong-root", ex.Code);
        Assert.Contains("BEE_RESPONSABLES", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_xml_is_rejected_as_malformed_with_a_line()
    {
        var xml = Students(Eleve("1", "<NOM>A</NOM>") + Eleve("2", "<NOM>B</NOM>"), Structures("1", ("6A", "D")));
        var truncated = xml[..(xml.IndexOf("<STRUCTURES>", StringComparison.Ordinal) + 20)];
        var ex = Assert.Throws<ImportFormatException>(() => Parse(truncated));
        Assert.Equal("malformed-xml", ex.Code);
        Assert.Contains("ligne", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.Line);
    }

    [Fact]
    public void Duplicate_student_id_keeps_the_first_with_a_warning()
    {
        var file = Parse(Students(Eleve("1", "<NOM>A</NOM>") + Eleve("1", "<NOM>B</NOM>"), Structures("1", ("6A", "D"))));
        Assert.Equal("A", Assert.Single(file.Students).LastName);
        Assert.Contains(file.Warnings, w => w.Code == "duplicate-id");
    }

    [Fact]
    public void Unknown_elements_and_comments_are_ignored()
    {
        var file = Parse(Students(
            Eleve("1", "<NOM>A</NOM><!-- commentaire --><NOUVEAU_CHAMP><SOUS>x</SOUS></NOUVEAU_CHAMP>", "<BOURSE/>"),
            Structures("1", ("6A", "D")) + "<AUTRE/>"));
        Assert.Equal("A", Assert.Single(file.Students).LastName);
    }

    private static string Option(string studentId, params (string? Modality, string Subject)[] options)
        => $"""<OPTION ELEVE_ID="{studentId}" ELENOET="E{studentId}">{string.Concat(options.Select((o, i) =>
            $"<OPTIONS_ELEVE><NUM_OPTION>{i + 1}</NUM_OPTION>{(o.Modality is null ? "" : $"<CODE_MODALITE_ELECT>{o.Modality}</CODE_MODALITE_ELECT>")}<CODE_MATIERE>{o.Subject}</CODE_MATIERE></OPTIONS_ELEVE>"))}</OPTION>""";

    [Fact]
    public void Options_keep_their_election_modality_and_a_six_digit_subject_code()
    {
        var file = Parse(Students(
            Eleve("1", "<NOM>A</NOM>") + Eleve("2", "<NOM>B</NOM>"),
            Structures("1", ("4A", "D")) + Structures("2", ("4B", "D")),
            Option("1", ("O", "030201"), ("F", "20300"), ("s", "061300"), ("R", "030201"))
            + Option("2", ("L", "100100"), ("X", "021000"))));

        var a = file.Students.Single(s => s.SiecleId == "1");
        var b = file.Students.Single(s => s.SiecleId == "2");

        // Padded to 6 digits, the modality upper-cased, a repeated subject kept once (the first).
        Assert.Equal([new StudentOption("030201", "O"), new StudentOption("020300", "F"), new StudentOption("061300", "S")], a.Options);
        Assert.Equal([new StudentOption("100100", "L"), new StudentOption("021000", "X")], b.Options);
        Assert.DoesNotContain(file.Warnings, w => w.Code is "unknown-option-modality" or "invalid-option");
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_or_missing_modality_is_kept_as_common_core_with_a_warning(string? modality)
    {
        var file = Parse(Students(Eleve("1", "<NOM>A</NOM>"), Structures("1", ("4A", "D")), Option("1", (modality, "030201"))));

        Assert.Equal([new StudentOption("030201", "S")], Assert.Single(file.Students).Options);
        var warning = Assert.Single(file.Warnings, w => w.Code == "unknown-option-modality");
        Assert.Equal("1", warning.RecordId);
        Assert.Contains("030201", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LATIN")]
    [InlineData("0203001")]
    public void An_option_whose_subject_is_not_a_bcn_code_is_skipped_with_a_warning(string subject)
    {
        var file = Parse(Students(Eleve("1", "<NOM>A</NOM>"), Structures("1", ("4A", "D")), Option("1", ("O", subject), ("F", "020300"))));

        Assert.Equal([new StudentOption("020300", "F")], Assert.Single(file.Students).Options);
        Assert.Contains(file.Warnings, w => w.Code == "invalid-option" && w.Message.Contains(subject, StringComparison.Ordinal));
    }

    [Fact]
    public void A_student_without_options_has_none()
        => Assert.Empty(Assert.Single(Parse(Students(Eleve("1", "<NOM>A</NOM>"), Structures("1", ("4A", "D")))).Students).Options);
}
