using Sacoche.Import.Domain;
using Sacoche.Testing.Generators;
using Xunit;
using static Sacoche.Import.Tests.Domain.TestFiles;

namespace Sacoche.Import.Tests.Domain;

public class ImportFileReaderTests
{
    [Fact]
    public void Detects_kinds_from_content_not_names()
    {
        using (var f = ImportFileReader.Open(Latin9Stream(Students("")), "nimportequoi.txt"))
        {
            Assert.Equal(ImportFileKind.SiecleStudents, f.Kind);
        }

        using (var f = ImportFileReader.Open(Latin9Stream(Guardians("", "")), "x.xml"))
        {
            Assert.Equal(ImportFileKind.SiecleGuardians, f.Kind);
        }

        using (var f = ImportFileReader.Open(Latin9Stream(Sts()), "sts_emp_0341234A_2026.xml"))
        {
            Assert.Equal(ImportFileKind.Sts, f.Kind);
            Assert.Equal(2026, StsParser.Parse(f.Content, Context).SchoolYear);
        }

        using (var f = ImportFileReader.Open(Utf8Stream("Nom;Prénom\nA;B\n", bom: true), "eleves.csv"))
        {
            Assert.Equal(ImportFileKind.Spreadsheet, f.Kind);
            Assert.Single(SpreadsheetParser.ParseStudents(f.Content).Rejected); // 2 cells < 4
        }
    }

    [Fact]
    public void Unknown_xml_root_is_rejected()
    {
        var ex = Assert.Throws<ImportFormatException>(() => ImportFileReader.Open(Utf8Stream("<?xml version=\"1.0\"?><!-- c --><lsun-bilans/>"), "a.xml"));
        Assert.Equal("unknown-kind", ex.Code);
        Assert.Contains("lsun-bilans", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_upload_is_rejected()
    {
        Assert.Equal("empty-file", Assert.Throws<ImportFormatException>(() => ImportFileReader.Open(new MemoryStream(), "a.xml")).Code);
    }

    [Theory]
    [InlineData("ElevesSansAdresses.xml", ImportFileKind.SiecleStudents)]
    [InlineData("ElevesAvecAdresses.xml", ImportFileKind.SiecleStudents)]
    [InlineData("ResponsablesAvecAdresses.xml", ImportFileKind.SiecleGuardians)]
    [InlineData("ResponsablesSansAdresses.xml", ImportFileKind.SiecleGuardians)]
    [InlineData("sts_emp_0341234A_2026.xml", ImportFileKind.Sts)]
    public void Unwraps_expected_zip_entries(string entry, ImportFileKind kind)
    {
        var gen = new ImportFileGenerator(3, counts: GeneratorCounts.Small);
        var content = kind switch
        {
            ImportFileKind.SiecleStudents => gen.StudentsXml(),
            ImportFileKind.SiecleGuardians => gen.GuardiansXml(),
            _ => gen.StsXml(),
        };
        using var f = ImportFileReader.Open(new MemoryStream(ImportFileGenerator.Zip(entry, content)), "export.zip");
        Assert.Equal(kind, f.Kind);
        Assert.Equal(entry, f.InnerName);
        var ctx = new ImportContext(gen.Uai, gen.Today);
        switch (kind)
        {
            case ImportFileKind.SiecleStudents:
                Assert.Equal(gen.Expected.CurrentStudents, SiecleStudentsParser.Parse(f.Content, ctx).Students.Count);
                break;
            case ImportFileKind.SiecleGuardians:
                Assert.Equal(gen.Expected.LegalGuardiansOfAnyStudent, SiecleGuardiansParser.Parse(f.Content, ctx).Guardians.Count);
                break;
            default:
                Assert.Equal(gen.Expected.Staff, StsParser.Parse(f.Content, ctx).Staff.Count);
                break;
        }
    }

    [Fact]
    public void Singular_adresse_name_is_not_an_expected_entry()
    {
        // docs/domain/formats.md: note the plural "Adresses".
        var zip = ImportFileGenerator.Zip("ElevesSansAdresse.xml", Latin9.GetBytes(Students("")));
        Assert.Equal("zip-entry", Assert.Throws<ImportFormatException>(() => ImportFileReader.Open(new MemoryStream(zip), "a.zip")).Code);
    }

    [Fact]
    public void Does_not_close_the_callers_stream()
    {
        var input = Latin9Stream(Students(""));
        using (ImportFileReader.Open(input, "a.xml"))
        {
        }

        Assert.True(input.CanRead);
    }
}
