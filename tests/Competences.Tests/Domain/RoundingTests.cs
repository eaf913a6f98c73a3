using Sacoche.Competences.Domain;
using Xunit;

namespace Sacoche.Competences.Tests.Domain;

public class RoundingTests
{
    [Theory]
    [InlineData(1, 2, 1)]      // 0.5 → 1
    [InlineData(5, 2, 3)]      // 2.5 → 3
    [InlineData(133, 2, 67)]   // 66.5 → 67
    [InlineData(267, 6, 45)]   // 44.5 → 45
    [InlineData(567, 7, 81)]   // 81
    [InlineData(1639, 31, 53)] // 52.87 → 53
    [InlineData(200, 3, 67)]   // 66.67 → 67
    [InlineData(100, 3, 33)]   // 33.33 → 33
    [InlineData(-1, 2, -1)]    // -0.5 → -1 (away from zero)
    [InlineData(-5, 2, -3)]    // -2.5 → -3
    [InlineData(1, -2, -1)]    // negative denominator
    [InlineData(0, 7, 0)]
    public void Half_away_from_zero(long numerator, long denominator, long expected)
    {
        Assert.Equal(expected, Rounding.DivideHalfAwayFromZero(numerator, denominator));
    }

    [Fact]
    public void Agrees_with_decimal_rounding_away_from_zero_on_a_sweep()
    {
        // Cross-check against the exact decimal quotient rounded with MidpointRounding.AwayFromZero.
        for (long den = 1; den <= 64; den++)
        {
            for (long num = 0; num <= 200 * den; num += 7)
            {
                decimal exact = Math.Round((decimal)num / den, MidpointRounding.AwayFromZero);
                Assert.Equal((long)exact, Rounding.DivideHalfAwayFromZero(num, den));
            }
        }
    }

    [Fact]
    public void Division_by_zero_throws()
    {
        Assert.Throws<DivideByZeroException>(() => Rounding.DivideHalfAwayFromZero(1, 0));
    }
}
