using Sacoche.Competences.Domain;
using Xunit;

namespace Sacoche.Competences.Tests.Domain;

/// <summary>Builders shared by the domain tests.</summary>
internal static class TestData
{
    /// <summary>A Monday of the 2024–2025 school year; sequences start here, one day apart.</summary>
    public static readonly DateOnly Day0 = new(2024, 9, 2);

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses a code as a teacher would type it ("R", "VV", "AB", "3").</summary>
    public static EntryCode Code(string text, IReadOnlyList<GradeCode>? codes = null)
    {
        var result = CodeParser.Parse(text, codes ?? GradeCodes.Defaults);
        Assert.True(result.IsSuccess, result.Error);
        return result.Code;
    }

    /// <summary>Entries oldest first, one day apart from <see cref="Day0"/>, evaluation ids 1, 2, 3…</summary>
    public static ScoreEntry[] Seq(params string[] codes) => SeqWith(GradeCodes.Defaults, codes);

    public static ScoreEntry[] SeqWith(IReadOnlyList<GradeCode> gradeCodes, params string[] codes)
    {
        var entries = new ScoreEntry[codes.Length];
        for (int i = 0; i < codes.Length; i++)
        {
            entries[i] = new ScoreEntry(Day0.AddDays(i), i + 1, Code(codes[i], gradeCodes));
        }
        return entries;
    }

    public static ScoreEntry At(string isoDate, long evaluationId, string code, IReadOnlyList<GradeCode>? codes = null) =>
        new(D(isoDate), evaluationId, Code(code, codes));

    public static ScoringSettings Settings(
        ScoringMethod method = ScoringMethod.Geometrique,
        int limit = 5,
        Retroactivity retroactivity = Retroactivity.Non,
        IReadOnlyList<GradeCode>? codes = null,
        int switchMonth = 8) =>
        new(method, limit, retroactivity, codes ?? GradeCodes.Defaults, switchMonth);

    /// <summary>Active codes with ids 1..n, sigles K1..Kn (keys '1'..), and the given values.</summary>
    public static IReadOnlyList<GradeCode> CodesWithValues(params int[] values)
    {
        var codes = new List<GradeCode>();
        for (int i = 0; i < values.Length; i++)
        {
            int id = i + 1;
            codes.Add(new GradeCode(id, $"K{id}", values[i], $"Code {id}", "#123456", (char)('0' + id), true));
        }
        return codes;
    }

    public static int? Score(ScoringSettings settings, params ScoreEntry[] entries) =>
        ScoreCalculator.Score(entries, settings, null, null);
}
