namespace Sacoche.Competences.Domain;

/// <summary>
/// Integer division rounded half away from zero — what PHP <c>round()</c> does and what
/// <see cref="Math.Round(decimal, MidpointRounding)"/> with <see cref="MidpointRounding.AwayFromZero"/>
/// gives on the exact quotient. Pure integer arithmetic: no x.4999… from accumulated doubles.
/// </summary>
public static class Rounding
{
    public static long DivideHalfAwayFromZero(long numerator, long denominator)
    {
        if (denominator == 0)
        {
            throw new DivideByZeroException();
        }
        if (denominator < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }
        long quotient = Math.DivRem(numerator, denominator, out long remainder);
        // |remainder| * 2 >= denominator  <=>  fractional part >= .5
        long twice = Math.Abs(remainder) * 2;
        if (twice >= denominator)
        {
            quotient += numerator >= 0 ? 1 : -1;
        }
        return quotient;
    }
}
