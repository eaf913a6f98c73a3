using System.Collections.ObjectModel;
using Sacoche.Competences.Domain;
using Xunit;
using static Sacoche.Competences.Tests.Domain.TestData;

namespace Sacoche.Competences.Tests.Domain;

// Default code values: RR = 0, R = 33, V = 67, VV = 100. Expected results are worked out by hand
// in the comments: Σ(value·weight) / Σweight, then rounded half away from zero.
public class ScoreCalculatorTests
{
    // ---------------------------------------------------------------- worked example, geometric

    [Fact]
    public void Worked_example_R_V_VV_gives_81_and_state_A()
    {
        // (33·1 + 67·2 + 100·4) / (1+2+4) = (33 + 134 + 400) / 7 = 567 / 7 = 81 exactly
        int? score = Score(Settings(), Seq("R", "V", "VV"));
        Assert.Equal(81, score);
        // 81 lies in 61–100 → "A"
        Assert.Equal("A", AcquisitionStates.StateOf(AcquisitionStates.Defaults, score!.Value).Sigle);
    }

    [Fact]
    public void Geometric_single_value_is_that_value()
    {
        // 67·1 / 1 = 67
        Assert.Equal(67, Score(Settings(), Seq("V")));
    }

    [Fact]
    public void Geometric_five_values_weights_1_2_4_8_16()
    {
        // R V VV RR V: 33·1 + 67·2 + 100·4 + 0·8 + 67·16 = 33 + 134 + 400 + 0 + 1072 = 1639
        // Σweights = 31; 1639 / 31 = 52.87 (31·52 = 1612, remainder 27) → 53
        Assert.Equal(53, Score(Settings(), Seq("R", "V", "VV", "RR", "V")));
    }

    [Fact]
    public void Geometric_default_limit_5_drops_the_oldest_value()
    {
        // VV R V VV RR V, limit 5 → keep R V VV RR V → 53 (previous test).
        // Without truncation it would be: 100·1 + 33·2 + 67·4 + 100·8 + 0·16 + 67·32
        //   = 100 + 66 + 268 + 800 + 0 + 2144 = 3378; 3378 / 63 = 53.6 → 54. So 53 proves truncation.
        Assert.Equal(53, Score(Settings(limit: 5), Seq("VV", "R", "V", "VV", "RR", "V")));
    }

    [Fact]
    public void Geometric_limit_2_keeps_the_last_two()
    {
        // VV R V VV RR V, limit 2 → RR V: (0·1 + 67·2) / 3 = 134 / 3 = 44.67 → 45
        Assert.Equal(45, Score(Settings(limit: 2), Seq("VV", "R", "V", "VV", "RR", "V")));
    }

    // ---------------------------------------------------------------- arithmetic, classic

    [Fact]
    public void Arithmetic_weights_1_2_3()
    {
        // (33·1 + 67·2 + 100·3) / (1+2+3) = (33 + 134 + 300) / 6 = 467 / 6 = 77.83 → 78
        Assert.Equal(78, Score(Settings(ScoringMethod.Arithmetique), Seq("R", "V", "VV")));
    }

    [Fact]
    public void Arithmetic_limit_2()
    {
        // R V VV, limit 2 → V VV: (67·1 + 100·2) / 3 = 267 / 3 = 89
        Assert.Equal(89, Score(Settings(ScoringMethod.Arithmetique, limit: 2), Seq("R", "V", "VV")));
    }

    [Fact]
    public void Arithmetic_limit_9_truncates_before_weighting()
    {
        // RR then nine VV, limit 9 → nine VV → 100.
        // Without truncation: (0·1 + 100·(2+3+…+10)) / 55 = 100·54 / 55 = 5400 / 55 = 98.18 → 98
        var codes = new[] { "RR", "VV", "VV", "VV", "VV", "VV", "VV", "VV", "VV", "VV" };
        Assert.Equal(100, Score(Settings(ScoringMethod.Arithmetique, limit: 9), Seq(codes)));
    }

    [Fact]
    public void Classic_all_weights_1()
    {
        // (33 + 67 + 100) / 3 = 200 / 3 = 66.67 → 67
        Assert.Equal(67, Score(Settings(ScoringMethod.Classique), Seq("R", "V", "VV")));
    }

    [Fact]
    public void Limit_0_means_all_values()
    {
        // Eleven RR then VV. Limit 0: (0·11 + 100) / 12 = 8.33 → 8.
        // Limit 10: nine RR + VV → 100 / 10 = 10.
        var codes = Enumerable.Repeat("RR", 11).Append("VV").ToArray();
        Assert.Equal(8, Score(Settings(ScoringMethod.Classique, limit: 0), Seq(codes)));
        Assert.Equal(10, Score(Settings(ScoringMethod.Classique, limit: 10), Seq(codes)));
    }

    // ---------------------------------------------------------------- best of

    [Fact]
    public void Bestof1_is_the_best_value()
    {
        // max(33, 67, 0) = 67
        Assert.Equal(67, Score(Settings(ScoringMethod.Bestof1), Seq("R", "V", "RR")));
    }

    [Fact]
    public void Bestof2_mean_of_best_two_rounded_half_up()
    {
        // R V VV RR → best two 100, 67 → 167 / 2 = 83.5 → 84
        Assert.Equal(84, Score(Settings(ScoringMethod.Bestof2), Seq("R", "V", "VV", "RR")));
    }

    [Fact]
    public void Bestof2_counts_equal_values_twice()
    {
        // VV VV R → best two 100, 100 → 200 / 2 = 100
        Assert.Equal(100, Score(Settings(ScoringMethod.Bestof2), Seq("VV", "VV", "R")));
    }

    [Fact]
    public void Bestof3_mean_of_best_three()
    {
        // R V VV RR → 100 + 67 + 33 = 200; 200 / 3 = 66.67 → 67
        Assert.Equal(67, Score(Settings(ScoringMethod.Bestof3), Seq("R", "V", "VV", "RR")));
    }

    [Fact]
    public void Bestof3_with_two_values_averages_what_exists()
    {
        // R VV → (33 + 100) / 2 = 66.5 → 67
        Assert.Equal(67, Score(Settings(ScoringMethod.Bestof3), Seq("R", "VV")));
    }

    [Fact]
    public void Bestof2_with_one_value_is_that_value()
    {
        // V → 67 / 1 = 67
        Assert.Equal(67, Score(Settings(ScoringMethod.Bestof2), Seq("V")));
    }

    [Fact]
    public void Bestof_truncates_before_choosing()
    {
        // VV RR R R, limit 3 → RR R R → best is 33 (without truncation it would be 100)
        Assert.Equal(33, Score(Settings(ScoringMethod.Bestof1, limit: 3), Seq("VV", "RR", "R", "R")));
        Assert.Equal(100, Score(Settings(ScoringMethod.Bestof1, limit: 0), Seq("VV", "RR", "R", "R")));
    }

    // ---------------------------------------------------------------- frequency

    [Theory]
    [InlineData(ScoringMethod.Frequencemin)]
    [InlineData(ScoringMethod.Frequencemax)]
    public void Frequency_returns_the_most_frequent_value(ScoringMethod method)
    {
        // R V V VV → counts 33:1, 67:2, 100:1 → 67
        Assert.Equal(67, Score(Settings(method), Seq("R", "V", "V", "VV")));
    }

    [Fact]
    public void Frequency_all_tied_goes_to_lowest_or_highest()
    {
        // R V VV RR → each value once → min 0, max 100
        var entries = Seq("R", "V", "VV", "RR");
        Assert.Equal(0, Score(Settings(ScoringMethod.Frequencemin), entries));
        Assert.Equal(100, Score(Settings(ScoringMethod.Frequencemax), entries));
    }

    [Fact]
    public void Frequency_two_way_tie_ignores_less_frequent_values()
    {
        // R R VV VV V → 33:2, 100:2, 67:1 → min 33 (not 0, not 67), max 100
        var entries = Seq("R", "R", "VV", "VV", "V");
        Assert.Equal(33, Score(Settings(ScoringMethod.Frequencemin), entries));
        Assert.Equal(100, Score(Settings(ScoringMethod.Frequencemax), entries));
    }

    [Fact]
    public void Frequency_counts_values_not_codes()
    {
        // K1 = 0, K2 = 50, K3 = 50. Entries K2 K3 K1 → value 50 twice, value 0 once → 50.
        // Counting codes instead would give a three-way tie and frequencemin would answer 0.
        var codes = CodesWithValues(0, 50, 50);
        var entries = SeqWith(codes, "K2", "K3", "K1");
        Assert.Equal(50, Score(Settings(ScoringMethod.Frequencemin, codes: codes), entries));
        Assert.Equal(50, Score(Settings(ScoringMethod.Frequencemax, codes: codes), entries));
    }

    [Fact]
    public void Frequency_returns_a_raw_value()
    {
        // K1 = 150, K2 = 20. K1 K2 K1 → 150 twice → 150 (no averaging)
        var codes = CodesWithValues(150, 20);
        Assert.Equal(150, Score(Settings(ScoringMethod.Frequencemax, codes: codes), SeqWith(codes, "K1", "K2", "K1")));
    }

    [Fact]
    public void Frequency_truncates_before_counting()
    {
        // RR RR RR VV VV: limit 2 → VV VV → 100; limit 0 → RR three times → 0
        var entries = Seq("RR", "RR", "RR", "VV", "VV");
        Assert.Equal(100, Score(Settings(ScoringMethod.Frequencemin, limit: 2), entries));
        Assert.Equal(0, Score(Settings(ScoringMethod.Frequencemax, limit: 0), entries));
    }

    [Fact]
    public void Frequency_on_many_distinct_raw_values()
    {
        // 1..10 each once plus a second 9 → 9 is the only value seen twice
        int[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 10];
        Assert.Equal(9, ScoreCalculator.Combine(values, ScoringMethod.Frequencemin, 0));
        Assert.Equal(9, ScoreCalculator.Combine(values, ScoringMethod.Frequencemax, 0));
        // 1..10 each once → all tied → lowest 1, highest 10
        int[] tied = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
        Assert.Equal(1, ScoreCalculator.Combine(tied, ScoringMethod.Frequencemin, 0));
        Assert.Equal(10, ScoreCalculator.Combine(tied, ScoringMethod.Frequencemax, 0));
        // Small table path, tie given highest-first: 100 67 100 67 → min 67, max 100
        Assert.Equal(67, ScoreCalculator.Combine([100, 67, 100, 67], ScoringMethod.Frequencemin, 0));
        Assert.Equal(100, ScoreCalculator.Combine([100, 67, 100, 67], ScoringMethod.Frequencemax, 0));
    }

    // ---------------------------------------------------------------- special codes, empty

    [Fact]
    public void Special_codes_are_ignored()
    {
        // Only R V VV count → 81 (worked example)
        Assert.Equal(81, Score(Settings(), Seq("R", "AB", "NN", "V", "DI", "VV", "NE", "NF", "NR", "PA")));
    }

    [Fact]
    public void Special_codes_do_not_take_a_slot_of_the_limit()
    {
        // R V AB, classique limit 2 → values R V → (33 + 67) / 2 = 50.
        // If AB took a slot, only V would remain → 67.
        Assert.Equal(50, Score(Settings(ScoringMethod.Classique, limit: 2), Seq("R", "V", "AB")));
    }

    [Fact]
    public void Only_special_codes_or_nothing_gives_no_score()
    {
        Assert.Null(Score(Settings(), Seq("AB", "NN", "DI")));
        Assert.Null(Score(Settings()));
        Assert.Null(ScoreCalculator.Score(new List<ScoreEntry>(), Settings(), D("2025-01-01"), null));
    }

    [Fact]
    public void Default_entry_code_is_NN_and_ignored()
    {
        var entries = new[] { new ScoreEntry(Day0, 1, default), new ScoreEntry(Day0.AddDays(1), 2, Code("V")) };
        // Only V → 67
        Assert.Equal(67, Score(Settings(), entries));
    }

    [Fact]
    public void Inactive_grade_codes_are_ignored()
    {
        // Code 5 is inactive in the defaults: R (5) V VV → R V VV → 81
        var entries = new[]
        {
            new ScoreEntry(Day0, 1, Code("R")),
            new ScoreEntry(Day0.AddDays(1), 2, EntryCode.Grade(5)),
            new ScoreEntry(Day0.AddDays(2), 3, Code("V")),
            new ScoreEntry(Day0.AddDays(3), 4, Code("VV")),
        };
        Assert.Equal(81, Score(Settings(), entries));
    }

    // ---------------------------------------------------------------- period and retroactivity

    private static readonly DateOnly PeriodStart = D("2025-01-01");
    private static readonly DateOnly YearStart = D("2024-08-01");

    // VV in the previous school year, RR earlier this school year, V inside the period.
    private static ScoreEntry[] AcrossYears() =>
    [
        At("2024-06-10", 1, "VV"),
        At("2024-09-15", 2, "RR"),
        At("2025-01-10", 3, "V"),
    ];

    [Fact]
    public void Retroactivity_non_counts_only_the_period()
    {
        // Only V (2025-01-10) → 67
        Assert.Equal(67, ScoreCalculator.Score(AcrossYears(), Settings(retroactivity: Retroactivity.Non), PeriodStart, YearStart));
    }

    [Fact]
    public void Retroactivity_oui_counts_all_earlier_values()
    {
        // VV RR V: (100·1 + 0·2 + 67·4) / 7 = (100 + 0 + 268) / 7 = 368 / 7 = 52.57 → 53
        Assert.Equal(53, ScoreCalculator.Score(AcrossYears(), Settings(retroactivity: Retroactivity.Oui), PeriodStart, YearStart));
    }

    [Fact]
    public void Retroactivity_annuel_stops_at_the_school_year_switch()
    {
        // VV (2024-06-10) belongs to 2023–2024 → dropped. RR V: (0·1 + 67·2) / 3 = 134 / 3 = 44.67 → 45
        Assert.Equal(45, ScoreCalculator.Score(AcrossYears(), Settings(retroactivity: Retroactivity.Annuel), PeriodStart, YearStart));
        // Same when the school year start is derived from the period start (August → 2024-08-01)
        Assert.Equal(45, ScoreCalculator.Score(AcrossYears(), Settings(retroactivity: Retroactivity.Annuel), PeriodStart, null));
    }

    [Fact]
    public void Retroactivity_annuel_follows_the_switch_month()
    {
        // VV on 2024-08-20, RR 2024-09-15, V 2025-01-10; period from 2025-01-01.
        ScoreEntry[] entries = [At("2024-08-20", 1, "VV"), At("2024-09-15", 2, "RR"), At("2025-01-10", 3, "V")];
        // Switch in August → year from 2024-08-01 → VV counts: (100 + 0 + 268) / 7 = 52.57 → 53
        Assert.Equal(53, ScoreCalculator.Score(entries, Settings(retroactivity: Retroactivity.Annuel, switchMonth: 8), PeriodStart, null));
        // Switch in September → year from 2024-09-01 → VV dropped: (0 + 134) / 3 = 44.67 → 45
        Assert.Equal(45, ScoreCalculator.Score(entries, Settings(retroactivity: Retroactivity.Annuel, switchMonth: 9), PeriodStart, null));
    }

    [Theory]
    [InlineData(Retroactivity.Non)]
    [InlineData(Retroactivity.Oui)]
    [InlineData(Retroactivity.Annuel)]
    public void No_value_in_the_period_gives_no_score(Retroactivity retroactivity)
    {
        // Everything before 2025-01-01; a special code inside the period is not a value.
        ScoreEntry[] entries = [At("2024-09-15", 1, "VV"), At("2024-12-10", 2, "V"), At("2025-01-10", 3, "AB")];
        Assert.Null(ScoreCalculator.Score(entries, Settings(retroactivity: retroactivity), PeriodStart, YearStart));
    }

    [Fact]
    public void A_value_dated_on_the_period_start_is_inside()
    {
        // R on 2025-01-01 with period from 2025-01-01 → 33
        ScoreEntry[] entries = [At("2024-12-31", 1, "VV"), At("2025-01-01", 2, "R")];
        Assert.Equal(33, ScoreCalculator.Score(entries, Settings(), PeriodStart, YearStart));
    }

    [Fact]
    public void Earlier_values_still_count_in_the_mean_after_truncation()
    {
        // Oui, classique, limit 2: VV (before the period) R (inside) → (100 + 33) / 2 = 66.5 → 67
        ScoreEntry[] entries = [At("2024-11-10", 1, "RR"), At("2024-12-10", 2, "VV"), At("2025-01-10", 3, "R")];
        var settings = Settings(ScoringMethod.Classique, limit: 2, retroactivity: Retroactivity.Oui);
        Assert.Equal(67, ScoreCalculator.Score(entries, settings, PeriodStart, YearStart));
        // limit 1 → only R → 33
        Assert.Equal(33, ScoreCalculator.Score(entries, settings.With(ScoringMethod.Classique, 1, Retroactivity.Oui), PeriodStart, YearStart));
    }

    [Fact]
    public void Without_a_period_every_value_counts()
    {
        // Common core: all dates. VV RR V → 53 (same arithmetic as retroactivity "oui")
        Assert.Equal(53, ScoreCalculator.Score(AcrossYears(), Settings(retroactivity: Retroactivity.Non), null, null));
    }

    // ---------------------------------------------------------------- rounding

    [Fact]
    public void Half_rounds_away_from_zero_66_5_to_67()
    {
        // classique R VV: (33 + 100) / 2 = 133 / 2 = 66.5 → 67 (banker's rounding would give 66)
        Assert.Equal(67, Score(Settings(ScoringMethod.Classique), Seq("R", "VV")));
        Assert.Equal(66, (int)Math.Round(66.5)); // the trap: .NET's default rounding
    }

    [Fact]
    public void Half_rounds_away_from_zero_0_5_to_1_and_2_5_to_3()
    {
        // K1 = 0, K2 = 1: (1 + 0) / 2 = 0.5 → 1 (banker's: 0)
        var codes = CodesWithValues(0, 1, 5);
        Assert.Equal(1, Score(Settings(ScoringMethod.Classique, codes: codes), SeqWith(codes, "K2", "K1")));
        // K3 = 5: (5 + 0) / 2 = 2.5 → 3 (banker's: 2)
        Assert.Equal(3, Score(Settings(ScoringMethod.Classique, codes: codes), SeqWith(codes, "K3", "K1")));
    }

    [Fact]
    public void Integer_sums_avoid_the_double_accumulation_trap_arithmetic()
    {
        // arithmetique V VV RR: (67·1 + 100·2 + 0·3) / (1+2+3) = (67 + 200 + 0) / 6 = 267 / 6 = 44.5 → 45
        Assert.Equal(45, Score(Settings(ScoringMethod.Arithmetique), Seq("V", "VV", "RR")));

        // Accumulating weighted fractions in doubles lands just below the half and rounds down.
        double naive = 0;
        int[] values = [67, 100, 0];
        for (int i = 0; i < values.Length; i++)
        {
            naive += values[i] * ((i + 1) / 6.0);
        }
        Assert.True(naive < 44.5);
        Assert.Equal(44, (int)Math.Round(naive, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void Integer_sums_avoid_the_double_accumulation_trap_classic()
    {
        // classique RR RR R VV VV VV: (0 + 0 + 33 + 100 + 100 + 100) / 6 = 333 / 6 = 55.5 → 56
        var settings = Settings(ScoringMethod.Classique, limit: 10);
        Assert.Equal(56, Score(settings, Seq("RR", "RR", "R", "VV", "VV", "VV")));

        double naive = 0;
        foreach (int v in new[] { 0, 0, 33, 100, 100, 100 })
        {
            naive += v * (1 / 6.0);
        }
        Assert.Equal(55, (int)Math.Round(naive, MidpointRounding.AwayFromZero));
    }

    // ---------------------------------------------------------------- values above 100

    [Fact]
    public void Codes_worth_200_give_scores_above_100_mapped_to_the_top_state()
    {
        // K1 = 0, K2 = 100, K3 = 200
        var codes = CodesWithValues(0, 100, 200);
        // geometrique K2 K3: (100·1 + 200·2) / 3 = 500 / 3 = 166.67 → 167
        int? score = Score(Settings(codes: codes), SeqWith(codes, "K2", "K3"));
        Assert.Equal(167, score);
        Assert.Equal("A", AcquisitionStates.StateOf(AcquisitionStates.Defaults, score!.Value).Sigle);
        // K3 K3: (200·1 + 200·2) / 3 = 600 / 3 = 200
        Assert.Equal(200, Score(Settings(codes: codes), SeqWith(codes, "K3", "K3")));
        Assert.Equal(200, Score(Settings(ScoringMethod.Bestof1, codes: codes), SeqWith(codes, "K1", "K3")));
        Assert.Equal(200, Score(Settings(ScoringMethod.Frequencemax, codes: codes), SeqWith(codes, "K1", "K3")));
    }

    // ---------------------------------------------------------------- ordering and inputs

    [Fact]
    public void Unsorted_input_is_scored_in_chronological_order()
    {
        // Worked example given newest first → still R V VV → 81
        var entries = Seq("R", "V", "VV");
        Assert.Equal(81, Score(Settings(), entries[2], entries[0], entries[1]));
    }

    [Fact]
    public void Same_date_is_ordered_by_evaluation_id()
    {
        // Same day: evaluation 3 (R) comes before evaluation 7 (VV): (33·1 + 100·2) / 3 = 233 / 3 = 77.67 → 78
        // (the other order would give (100 + 66) / 3 = 55.33 → 55)
        ScoreEntry[] entries = [At("2024-10-01", 7, "VV"), At("2024-10-01", 3, "R")];
        Assert.Equal(78, Score(Settings(), entries));
    }

    [Fact]
    public void Any_read_only_list_and_span_give_the_same_result()
    {
        var entries = Seq("R", "V", "VV");
        Assert.Equal(81, ScoreCalculator.Score(new ReadOnlyCollection<ScoreEntry>(entries), Settings(), null, null));
        Assert.Equal(81, ScoreCalculator.Score(new List<ScoreEntry>(entries), Settings(), null, null));
        Assert.Equal(81, ScoreCalculator.Score(entries.AsSpan(), Settings()));
    }

    [Fact]
    public void Combine_applies_limit_and_method_to_raw_values()
    {
        // 33 67 100 geometric → 81; limit 2 → 67 100: (67 + 200) / 3 = 89
        Assert.Equal(81, ScoreCalculator.Combine([33, 67, 100], ScoringMethod.Geometrique, 5));
        Assert.Equal(89, ScoreCalculator.Combine([33, 67, 100], ScoringMethod.Geometrique, 2));
        Assert.Null(ScoreCalculator.Combine([], ScoringMethod.Classique, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreCalculator.Combine([33], ScoringMethod.Geometrique, 0));
    }

    [Fact]
    public void Groups_are_scored_independently()
    {
        // Group 1: R V VV → 81 (worked example). Group 2: AB → no score. Group 3: VV RR V → 53
        // ((100 + 0 + 268) / 7 = 52.57 → 53). Group 4: empty → no score.
        ScoreEntry[] entries = [.. Seq("R", "V", "VV"), .. Seq("AB"), .. Seq("VV", "RR", "V")];
        int?[] scores = new int?[4];
        ScoreCalculator.ScoreGroups(entries, [3, 1, 3, 0], Settings(), null, null, scores);
        Assert.Equal([81, null, 53, null], scores);
        Assert.Throws<ArgumentException>(() => ScoreCalculator.ScoreGroups(entries, [8], Settings(), null, null, scores));
    }

    [Fact]
    public void Scoring_does_not_allocate()
    {
        var list = new List<ScoreEntry>(Seq("R", "AB", "V", "VV", "RR", "V", "VV"));
        var settings = new[]
        {
            Settings(),
            Settings(ScoringMethod.Bestof3, limit: 0),
            Settings(ScoringMethod.Frequencemin, limit: 0),
            Settings(ScoringMethod.Arithmetique, limit: 9, retroactivity: Retroactivity.Annuel),
        };
        long sum = 0;
        foreach (var s in settings)
        {
            sum += ScoreCalculator.Score(list, s, Day0.AddDays(3), null) ?? 0; // warm-up (JIT)
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            foreach (var s in settings)
            {
                sum += ScoreCalculator.Score(list, s, Day0.AddDays(3), null) ?? 0;
            }
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        Assert.Equal(0, allocated);
    }
}
