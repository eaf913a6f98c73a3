using Sacoche.Competences.Application.Lsu;
using Sacoche.Competences.Infrastructure;
using Xunit;

namespace Sacoche.Competences.Tests.Lsu;

/// <summary>The LSU export's pure rules: scope parsing, marks, texts, ids, and the check codes documented in docs/domain/lsu.md.</summary>
public sealed class LsuRulesTests
{
    [Theory]
    [InlineData(null, new int[0])]
    [InlineData("", new int[0])]
    [InlineData("false", new int[0])]
    [InlineData("true", new[] { 3, 4 })]
    [InlineData(" TRUE ", new[] { 3, 4 })]
    [InlineData("3", new[] { 3 })]
    [InlineData("4", new[] { 4 })]
    public void Cycle_accepts_true_false_3_and_4(string? cycle, int[] expected)
    {
        Assert.True(LsuPlanner.TryParseCycle(cycle, out var cycles));
        Assert.Equal(expected, cycles);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("5")]
    [InlineData("oui")]
    public void Other_cycles_are_refused(string cycle) => Assert.False(LsuPlanner.TryParseCycle(cycle, out _));

    [Fact]
    public void Query_values_are_repeated_or_comma_separated()
    {
        var parsed = LsuPlanner.ParseQuery(["12,13", " 14 ", "12"], ["3A, 3B", "3A"], "4");
        Assert.True(parsed.IsSuccess);
        Assert.Equal([12L, 13, 14], parsed.Value.PeriodIds);
        Assert.Equal(["3A", "3B"], parsed.Value.ClassCodes);
        Assert.Equal([4], parsed.Value.Cycles);
        Assert.False(LsuPlanner.ParseQuery(["12,x"], null, null).IsSuccess);
    }

    [Fact]
    public void The_export_body_names_the_cycles()
    {
        Assert.Equal([3, 4], LsuPlanner.ParseBody(new LsuExportRequest([1], null, true)).Value.Cycles);
        Assert.Equal([3], LsuPlanner.ParseBody(new LsuExportRequest([1], null, null, 3)).Value.Cycles);
        Assert.Empty(LsuPlanner.ParseBody(new LsuExportRequest([1], null, false)).Value.Cycles);
        Assert.False(LsuPlanner.ParseBody(new LsuExportRequest([1], null, true, 2)).IsSuccess);
        Assert.False(LsuPlanner.ParseBody(new LsuExportRequest([1], null, false, 4)).IsSuccess);
        Assert.False(LsuPlanner.ParseBody(null).IsSuccess);
    }

    [Theory]
    [InlineData("13.4", "13.4/20")]
    [InlineData("14", "14/20")]
    [InlineData("0", "0/20")]
    [InlineData("20.0", "20/20")]
    public void Marks_are_written_as_the_reference_writes_them(string value, string expected) =>
        Assert.Equal(expected, LsuPass.Mark(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Texts_lose_what_xml_cannot_carry_and_are_cut_without_splitting_a_surrogate_pair()
    {
        Assert.Equal("Travail régulier.", LsuPass.Cut("Travail\vrégulier.", 600));
        Assert.Equal("ab", LsuPass.Cut("a\u0001b", 600));
        Assert.Equal("Bravo 😀", LsuPass.Cut("Bravo 😀", 600));
        Assert.Equal("Bravo ", LsuPass.Cut("Bravo 😀", 7));
        Assert.Equal("abc", LsuPass.Cut("abcdef", 3));
    }

    [Theory]
    [InlineData("1234567", true)]
    [InlineData("0012", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData("12a", false)]
    [InlineData("-5", false)]
    public void Siecle_and_sts_ids_are_positive_integers(string id, bool expected) => Assert.Equal(expected, LsuPass.IsPositiveInteger(id));

    [Fact]
    public void Ids_derive_from_the_data()
    {
        var pair = new LsuPair(new RosterClass { Code = "3A" }, new Period { Id = 12 }, 2, 3, "2026");
        Assert.Equal("PER2026_2_3", pair.PeriodRef);
        Assert.Equal(LsuPass.ShortHash("Calcul littéral"), LsuPass.ShortHash("Calcul littéral"));
        Assert.NotEqual(LsuPass.ShortHash("Calcul littéral"), LsuPass.ShortHash("Calcul litteral"));
        Assert.Matches("^[0-9a-f]{12}$", LsuPass.ShortHash("x"));
    }

    [Fact]
    public void Every_check_code_is_documented_once()
    {
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "lsu.md"));
        Assert.Equal(LsuCheckCodes.All.Count, LsuCheckCodes.All.Distinct().Count());
        Assert.All(LsuCheckCodes.All, code => Assert.Contains($"| `{code}` |", doc));
        var documented = System.Text.RegularExpressions.Regex.Matches(doc, @"^\| `([a-z-]+)` \| (error|warning) \|", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(LsuCheckCodes.All.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }
}
