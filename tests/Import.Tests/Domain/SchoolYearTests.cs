using Sacoche.Import.Domain;
using Xunit;
using static Sacoche.Import.Tests.Domain.TestFiles;

namespace Sacoche.Import.Tests.Domain;

public class SchoolYearTests
{
    [Theory]
    [InlineData(2026, 7, 31, 8, 2025)]
    [InlineData(2026, 8, 1, 8, 2026)]
    [InlineData(2026, 12, 31, 8, 2026)]
    [InlineData(2027, 1, 1, 8, 2026)] // the reference broke every 1 January
    [InlineData(2027, 6, 30, 8, 2026)]
    [InlineData(2026, 8, 31, 9, 2025)]
    [InlineData(2026, 9, 1, 9, 2026)]
    [InlineData(2026, 1, 1, 1, 2026)]
    public void Start_year_depends_on_the_switch_month(int y, int m, int d, int switchMonth, int expected)
        => Assert.Equal(expected, SchoolYear.StartYearOf(new DateOnly(y, m, d), switchMonth));

    [Fact]
    public void A_2026_file_is_accepted_in_january_2027_and_refused_in_august_2027()
    {
        var xml = Students(Eleve("1", "<NOM>A</NOM>"), Structures("1", ("6A", "D")));
        Assert.Single(SiecleStudentsParser.Parse(Latin9Stream(xml), new ImportContext(Uai, new DateOnly(2027, 1, 1))).Students);
        Assert.Single(SiecleStudentsParser.Parse(Latin9Stream(xml), new ImportContext(Uai, new DateOnly(2026, 8, 1))).Students);
        var ex = Assert.Throws<ImportFormatException>(() => SiecleStudentsParser.Parse(Latin9Stream(xml), new ImportContext(Uai, new DateOnly(2027, 8, 1))));
        Assert.Equal("wrong-year", ex.Code);
        var early = Assert.Throws<ImportFormatException>(() => SiecleStudentsParser.Parse(Latin9Stream(xml), new ImportContext(Uai, new DateOnly(2026, 7, 31))));
        Assert.Equal("wrong-year", early.Code);
    }

    [Fact]
    public void Switch_month_is_configurable()
    {
        var xml = Students("", year: "2025");
        // 15 August 2026 with a September switch is still 2025-2026.
        Assert.Empty(SiecleStudentsParser.Parse(Latin9Stream(xml), new ImportContext(Uai, new DateOnly(2026, 8, 15), SwitchMonth: 9)).Students);
    }

    [Fact]
    public void Year_text_like_2026_2027_is_read_as_2026()
    {
        Assert.Empty(SiecleStudentsParser.Parse(Latin9Stream(Students("", year: "2026-2027")), Context).Students);
    }
}
