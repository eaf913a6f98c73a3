namespace Sacoche.Competences.Domain;

/// <summary>
/// Everything the scoring engine needs for one referential: method, limit, retroactivity, the
/// school-year switch month and the establishment's grade codes (only active ones count).
/// Immutable and validated; build once per request/referential and reuse for every score.
/// </summary>
public sealed class ScoringSettings
{
    // Index = grade code id (0 unused); -1 = inactive or unknown (the entry is ignored).
    private readonly short[] _valueById = new short[GradeCodes.MaxId + 1];

    /// <exception cref="ArgumentException">Invalid combination; the message holds the French errors.</exception>
    public ScoringSettings(
        ScoringMethod method,
        int limit,
        Retroactivity retroactivity,
        IReadOnlyList<GradeCode> gradeCodes,
        int schoolYearSwitchMonth = SchoolYear.DefaultSwitchMonth)
    {
        var errors = Validate(method, limit, retroactivity, gradeCodes, schoolYearSwitchMonth);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
        Method = method;
        Limit = limit;
        Retroactivity = retroactivity;
        SchoolYearSwitchMonth = schoolYearSwitchMonth;
        Array.Fill(_valueById, (short)-1);
        foreach (var code in gradeCodes)
        {
            if (code.Active)
            {
                _valueById[code.Id] = (short)code.Value;
            }
        }
    }

    /// <summary>Reference defaults: geometrique, 5 values, retroactivity "non", default codes, August.</summary>
    public static ScoringSettings Default { get; } =
        new(ScoringMethods.Default, ScoringMethods.DefaultLimit, Retroactivity.Non, GradeCodes.Defaults);

    public ScoringMethod Method { get; }

    /// <summary>Number of most recent values kept; 0 = all.</summary>
    public int Limit { get; }

    public Retroactivity Retroactivity { get; }

    public int SchoolYearSwitchMonth { get; }

    /// <summary>Value of an entry code, or -1 when it does not count (special code, inactive grade code).</summary>
    public int ValueOf(EntryCode code) => code.IsGrade ? _valueById[code.GradeId] : -1;

    /// <summary>Same grade codes and switch month, another method/limit/retroactivity (e.g. per referential).</summary>
    /// <exception cref="ArgumentException">Invalid combination; the message holds the French errors.</exception>
    public ScoringSettings With(ScoringMethod method, int limit, Retroactivity retroactivity)
    {
        var errors = Validate(method, limit, retroactivity, [], SchoolYearSwitchMonth);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
        return new ScoringSettings(method, limit, retroactivity, SchoolYearSwitchMonth, _valueById);
    }

    private ScoringSettings(ScoringMethod method, int limit, Retroactivity retroactivity, int switchMonth, short[] valueById)
    {
        Method = method;
        Limit = limit;
        Retroactivity = retroactivity;
        SchoolYearSwitchMonth = switchMonth;
        _valueById = valueById;
    }

    /// <summary>French errors for a settings combination (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(
        ScoringMethod method,
        int limit,
        Retroactivity retroactivity,
        IReadOnlyList<GradeCode> gradeCodes,
        int schoolYearSwitchMonth = SchoolYear.DefaultSwitchMonth)
    {
        ArgumentNullException.ThrowIfNull(gradeCodes);
        var errors = new List<string>();
        if (ScoringMethods.ValidateLimit(method, limit) is { } limitError)
        {
            errors.Add(limitError);
        }
        if (!Enum.IsDefined(retroactivity))
        {
            errors.Add("Rétroactivité inconnue.");
        }
        if (schoolYearSwitchMonth is < 1 or > 12)
        {
            errors.Add($"Le mois de bascule de l'année scolaire ({schoolYearSwitchMonth}) doit être compris entre 1 et 12.");
        }
        var seen = new HashSet<int>();
        foreach (var code in gradeCodes)
        {
            if (code.Id is < GradeCodes.MinId or > GradeCodes.MaxId)
            {
                errors.Add($"Le code n° {code.Id} n'existe pas : les numéros vont de {GradeCodes.MinId} à {GradeCodes.MaxId}.");
            }
            else if (!seen.Add(code.Id))
            {
                errors.Add($"Le code n° {code.Id} apparaît plusieurs fois.");
            }
            if (code.Value is < GradeCodes.MinValue or > GradeCodes.MaxValue)
            {
                errors.Add($"Code n° {code.Id} : la valeur {code.Value} doit être comprise entre {GradeCodes.MinValue} et {GradeCodes.MaxValue}.");
            }
        }
        return errors;
    }
}
