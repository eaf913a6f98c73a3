using Sacoche.Competences.Domain;
using Xunit;

namespace Sacoche.Competences.Tests.Domain;

public class ScoringMethodTests
{
    [Theory]
    [InlineData(ScoringMethod.Geometrique, "geometrique")]
    [InlineData(ScoringMethod.Arithmetique, "arithmetique")]
    [InlineData(ScoringMethod.Classique, "classique")]
    [InlineData(ScoringMethod.Bestof1, "bestof1")]
    [InlineData(ScoringMethod.Bestof2, "bestof2")]
    [InlineData(ScoringMethod.Bestof3, "bestof3")]
    [InlineData(ScoringMethod.Frequencemin, "frequencemin")]
    [InlineData(ScoringMethod.Frequencemax, "frequencemax")]
    public void Reference_strings_round_trip(ScoringMethod method, string text)
    {
        Assert.Equal(text, method.ToReferenceString());
        Assert.Equal(method, ScoringMethods.Parse(text));
        Assert.Equal(method, ScoringMethods.Parse(text.ToUpperInvariant()));
        Assert.False(string.IsNullOrWhiteSpace(method.Label()));
    }

    [Fact]
    public void Unknown_method_is_rejected()
    {
        Assert.False(ScoringMethods.TryParse("median", out _));
        Assert.Throws<FormatException>(() => ScoringMethods.Parse(""));
    }

    [Theory]
    [InlineData(Retroactivity.Non, "non")]
    [InlineData(Retroactivity.Oui, "oui")]
    [InlineData(Retroactivity.Annuel, "annuel")]
    public void Retroactivity_strings_round_trip(Retroactivity value, string text)
    {
        Assert.Equal(text, value.ToReferenceString());
        Assert.Equal(value, Retroactivities.Parse(text));
    }

    [Theory]
    // geometrique 1–5
    [InlineData(ScoringMethod.Geometrique, 0, false)]
    [InlineData(ScoringMethod.Geometrique, 1, true)]
    [InlineData(ScoringMethod.Geometrique, 5, true)]
    [InlineData(ScoringMethod.Geometrique, 6, false)]
    // arithmetique 1–9
    [InlineData(ScoringMethod.Arithmetique, 0, false)]
    [InlineData(ScoringMethod.Arithmetique, 9, true)]
    [InlineData(ScoringMethod.Arithmetique, 10, false)]
    // bestof2: 0 or ≥ 2
    [InlineData(ScoringMethod.Bestof2, 0, true)]
    [InlineData(ScoringMethod.Bestof2, 1, false)]
    [InlineData(ScoringMethod.Bestof2, 2, true)]
    [InlineData(ScoringMethod.Bestof2, 50, true)]
    // bestof3: 0 or ≥ 3
    [InlineData(ScoringMethod.Bestof3, 0, true)]
    [InlineData(ScoringMethod.Bestof3, 2, false)]
    [InlineData(ScoringMethod.Bestof3, 3, true)]
    // others: 0–10, 15, 20, 30, 40, 50
    [InlineData(ScoringMethod.Classique, 0, true)]
    [InlineData(ScoringMethod.Classique, 10, true)]
    [InlineData(ScoringMethod.Classique, 11, false)]
    [InlineData(ScoringMethod.Classique, 15, true)]
    [InlineData(ScoringMethod.Bestof1, 20, true)]
    [InlineData(ScoringMethod.Frequencemin, 30, true)]
    [InlineData(ScoringMethod.Frequencemax, 40, true)]
    [InlineData(ScoringMethod.Frequencemax, 45, false)]
    [InlineData(ScoringMethod.Frequencemax, 50, true)]
    [InlineData(ScoringMethod.Frequencemax, 60, false)]
    [InlineData(ScoringMethod.Classique, -1, false)]
    public void Allowed_limits_per_method(ScoringMethod method, int limit, bool allowed)
    {
        Assert.Equal(allowed, method.IsLimitAllowed(limit));
        Assert.Equal(allowed, ScoringMethods.ValidateLimit(method, limit) is null);
        if (allowed)
        {
            _ = new ScoringSettings(method, limit, Retroactivity.Non, GradeCodes.Defaults);
        }
        else
        {
            var e = Assert.Throws<ArgumentException>(() => new ScoringSettings(method, limit, Retroactivity.Non, GradeCodes.Defaults));
            Assert.Contains("non autorisé pour la méthode", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Limit_error_is_french_and_lists_allowed_values()
    {
        Assert.Equal(
            "Nombre de notes pris en compte (0) non autorisé pour la méthode « Moyenne pondérée géométrique (coefficients 1, 2, 4, 8… du plus ancien au plus récent) » : valeurs permises de 1 à 5.",
            ScoringMethods.ValidateLimit(ScoringMethod.Geometrique, 0));
    }

    [Fact]
    public void Settings_defaults_and_validation()
    {
        var d = ScoringSettings.Default;
        Assert.Equal(ScoringMethod.Geometrique, d.Method);
        Assert.Equal(5, d.Limit);
        Assert.Equal(Retroactivity.Non, d.Retroactivity);
        Assert.Equal(8, d.SchoolYearSwitchMonth);
        Assert.Equal(33, d.ValueOf(EntryCode.Grade(2)));
        Assert.Equal(-1, d.ValueOf(EntryCode.Grade(5)));
        Assert.Equal(-1, d.ValueOf(SpecialCode.AB));
        Assert.Throws<ArgumentException>(() => new ScoringSettings(ScoringMethod.Classique, 5, Retroactivity.Non, GradeCodes.Defaults, 13));
        var badValue = GradeCodes.Defaults.Select(c => c.Id == 1 ? c with { Value = 250 } : c).ToList();
        Assert.Throws<ArgumentException>(() => new ScoringSettings(ScoringMethod.Classique, 5, Retroactivity.Non, badValue));
    }

    [Theory]
    [InlineData("2024-08-01", 8, "2024-08-01")]
    [InlineData("2024-07-31", 8, "2023-08-01")]
    [InlineData("2025-01-10", 8, "2024-08-01")]
    [InlineData("2024-08-20", 9, "2023-09-01")]
    [InlineData("2024-09-01", 9, "2024-09-01")]
    [InlineData("2024-03-15", 1, "2024-01-01")]
    public void School_year_start(string date, int switchMonth, string expected)
    {
        Assert.Equal(TestData.D(expected), SchoolYear.StartOf(TestData.D(date), switchMonth));
    }

    [Fact]
    public void School_year_end()
    {
        Assert.Equal(TestData.D("2025-07-31"), SchoolYear.EndOf(TestData.D("2024-10-01")));
    }
}
