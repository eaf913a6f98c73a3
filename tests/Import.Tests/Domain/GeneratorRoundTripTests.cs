using Sacoche.Import.Domain;
using Sacoche.Testing.Generators;
using Xunit;

namespace Sacoche.Import.Tests.Domain;

/// <summary>Generate → parse → compare with the facts the generator computed from its own model.</summary>
public class GeneratorRoundTripTests
{
    private static readonly ImportFileGenerator Gen = new(20260901, counts: new GeneratorCounts(900, 1500, 70, 28, 16));

    private static ImportContext Ctx => new(Gen.Uai, Gen.Today);

    [Fact]
    public void Same_seed_gives_the_same_bytes()
    {
        var a = new ImportFileGenerator(7, counts: GeneratorCounts.Small);
        var b = new ImportFileGenerator(7, counts: GeneratorCounts.Small);
        Assert.Equal(a.StudentsXml(), b.StudentsXml());
        Assert.Equal(a.GuardiansXml(), b.GuardiansXml());
        Assert.Equal(a.StsXml(), b.StsXml());
        Assert.NotEqual(a.StudentsXml(), new ImportFileGenerator(8, counts: GeneratorCounts.Small).StudentsXml());
    }

    [Fact]
    public void Students_file_is_iso_8859_15_with_accents_and_matches_the_facts()
    {
        var bytes = Gen.StudentsXml();
        var head = System.Text.Encoding.ASCII.GetString(bytes, 0, 60);
        Assert.Contains("encoding=\"iso-8859-15\"", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain((byte)0xC3, bytes.AsSpan(0, Math.Min(bytes.Length, 200_000)).ToArray()); // no UTF-8 lead bytes of é/è/ç

        var file = SiecleStudentsParser.Parse(new MemoryStream(bytes), Ctx);
        var f = Gen.Expected;
        Assert.True(f.Leavers > 0 && f.StudentsWithoutClass > 0 && f.StudentsWithUsageNameOnly > 0 && f.HomonymPairs > 0);
        Assert.Equal(f.CurrentStudents, file.Students.Count);
        Assert.Equal(f.Leavers, file.LeaversSkipped);
        Assert.Equal(f.StudentsWithoutClass, file.WithoutClassSkipped);
        Assert.Equal(f.StudentsWithSeveralClasses, file.Warnings.Count(w => w.Code == "several-classes"));

        var byId = Gen.Students.ToDictionary(s => s.SiecleId);
        foreach (var s in file.Students)
        {
            var g = byId[s.SiecleId];
            Assert.Equal(g.ExpectedLastName, s.LastName);
            Assert.Equal(g.FirstName, s.FirstName);
            Assert.Equal(g.BirthDate, s.BirthDate);
            Assert.Equal(g.ExpectedIne, s.Ine);
            Assert.Equal(g.ClassCodes[0], s.ClassCode);
            Assert.Equal(g.GroupCodes, s.GroupCodes);
            Assert.Equal(g.Sex == 1 ? Gender.Male : Gender.Female, s.Gender);
        }

        Assert.Contains(file.Students, s => s.LastName.Contains('-', StringComparison.Ordinal));
        Assert.Contains(file.Students, s => s.FirstName.Contains('ï', StringComparison.Ordinal) || s.FirstName.Contains('ë', StringComparison.Ordinal));
        Assert.Equal(f.StudentsWithRnie, file.Students.Count(s => Gen.Students.First(g => g.SiecleId == s.SiecleId).IneRnie is not null));
    }

    [Fact]
    public void Guardians_file_matches_the_facts()
    {
        var current = Gen.Students.Where(s => s.IsCurrent).Select(s => s.SiecleId).ToHashSet();
        var file = SiecleGuardiansParser.Parse(new MemoryStream(Gen.GuardiansXml()), Ctx, current);
        var f = Gen.Expected;
        Assert.Equal(f.LegalGuardiansOfCurrentStudents, file.Guardians.Count);
        Assert.Equal(f.LegalLinksToCurrentStudents, file.Guardians.Sum(g => g.Children.Count));
        Assert.Equal(f.NonLegalLinks, file.NonLegalLinksSkipped);
        Assert.True(f.NonLegalLinks > 0);
        Assert.Contains(file.Guardians, g => g.Children.Count > 1); // siblings share guardians
        Assert.Contains(file.Guardians, g => g.Address?.Country == "ESPAGNE" || g.Address?.City == "MONTPELLIER");

        var all = SiecleGuardiansParser.Parse(new MemoryStream(Gen.GuardiansXml()), Ctx);
        Assert.Equal(f.LegalGuardiansOfAnyStudent, all.Guardians.Count);
    }

    [Fact]
    public void Sts_file_matches_the_facts()
    {
        var file = StsParser.Parse(new MemoryStream(Gen.StsXml()), Ctx);
        var f = Gen.Expected;
        Assert.Equal(f.Staff, file.Staff.Count);
        Assert.Equal(f.Teachers, file.Staff.Count(s => s.Profile == "ENS"));
        Assert.True(f.StaffWithoutFunction > 0);
        Assert.Equal(f.Subjects, file.Subjects.Count);
        Assert.Equal(f.Classes, file.Classes.Count);
        Assert.Equal(f.Groups, file.Groups.Count);
        Assert.Equal(f.Services, file.Services.Count);
        Assert.All(file.Services, s => Assert.NotNull(s.SubjectCode));
        Assert.Equal(f.CurrentPrincipalAssignments, file.Staff.Sum(s => s.PrincipalOfClasses.Count));
        Assert.Empty(file.Warnings);
    }

    [Fact]
    public void Sts_file_with_application_source_is_rejected()
    {
        using var ms = new MemoryStream();
        Gen.WriteStsXml(ms, withApplicationSource: true);
        ms.Position = 0;
        Assert.Equal("private-timetable-software", Assert.Throws<ImportFormatException>(() => StsParser.Parse(ms, Ctx)).Code);
    }

    [Theory]
    [InlineData(';', false)]
    [InlineData(',', true)]
    [InlineData('\t', false)]
    public void Spreadsheets_match_the_facts(char separator, bool windows1252)
    {
        var f = Gen.Expected;
        using var students = new MemoryStream();
        Gen.WriteStudentsCsv(students, separator, windows1252);
        students.Position = 0;
        var s = SpreadsheetParser.ParseStudents(students);
        Assert.Equal(separator, s.Separator);
        Assert.Equal(windows1252 ? "Windows-1252" : "UTF-8 (BOM)", s.EncodingName);
        Assert.Empty(s.Rejected);
        Assert.Equal(f.CurrentStudents, s.Rows.Count);

        using var staff = new MemoryStream();
        Gen.WriteStaffCsv(staff, separator, windows1252);
        staff.Position = 0;
        var st = SpreadsheetParser.ParseStaff(staff);
        Assert.Empty(st.Rejected);
        Assert.Equal(f.Staff, st.Rows.Count);

        using var parents = new MemoryStream();
        Gen.WriteParentsCsv(parents, separator, windows1252);
        parents.Position = 0;
        var p = SpreadsheetParser.ParseParents(parents);
        Assert.Empty(p.Rejected);
        Assert.Equal(Gen.ParentsCsvRows, p.Rows.Count);
    }

    [Fact]
    public void Benchmark_size_generates_and_parses()
    {
        var large = new ImportFileGenerator(1, counts: GeneratorCounts.Large);
        var ctx = new ImportContext(large.Uai, large.Today);
        var students = SiecleStudentsParser.Parse(new MemoryStream(large.StudentsXml()), ctx);
        Assert.Equal(large.Expected.CurrentStudents, students.Students.Count);
        Assert.Equal(3500, large.Guardians.Count);
        Assert.Equal(150, StsParser.Parse(new MemoryStream(large.StsXml()), ctx).Staff.Count);
    }
}
