namespace Sacoche.Competences.Domain;

/// <summary>Outcome of <see cref="CodeParser.Parse"/>: a code, or a French error.</summary>
public sealed record CodeParseResult
{
    private CodeParseResult(EntryCode code, string? error)
    {
        Code = code;
        Error = error;
    }

    public bool IsSuccess => Error is null;

    /// <summary>The parsed code (meaningless when <see cref="IsSuccess"/> is false).</summary>
    public EntryCode Code { get; }

    /// <summary>French error message for the user, or null.</summary>
    public string? Error { get; }

    public static CodeParseResult Ok(EntryCode code) => new(code, null);

    public static CodeParseResult Fail(string error) => new(default, error);
}

/// <summary>Parses what a teacher types in a cell or an import column.</summary>
public static class CodeParser
{
    /// <summary>
    /// Accepts a stable id "1".."6" (only if that code is active), the sigle of an active grade
    /// code (case-insensitive: "v" = "V"), or a special code sigle (AB, DI, NE, NF, NN, NR, PA).
    /// Surrounding spaces are ignored. <paramref name="gradeCodes"/> may contain inactive codes:
    /// they are recognised only to explain that they are inactive.
    /// </summary>
    public static CodeParseResult Parse(string? input, IReadOnlyList<GradeCode> gradeCodes)
    {
        ArgumentNullException.ThrowIfNull(gradeCodes);
        string text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            return CodeParseResult.Fail($"Code vide : {Expected(gradeCodes)}");
        }

        if (text.Length == 1 && text[0] is >= '0' and <= '9')
        {
            int id = text[0] - '0';
            var byId = Find(gradeCodes, id);
            if (byId is null)
            {
                return CodeParseResult.Fail($"Le code n° {id} n'existe pas : {Expected(gradeCodes)}");
            }
            return byId.Active
                ? CodeParseResult.Ok(EntryCode.Grade(id))
                : CodeParseResult.Fail($"Le code n° {id} n'est pas actif : {Expected(gradeCodes)}");
        }

        GradeCode? inactiveMatch = null;
        foreach (var code in gradeCodes)
        {
            if (string.Equals(code.Sigle?.Trim(), text, StringComparison.OrdinalIgnoreCase))
            {
                if (code.Active)
                {
                    return CodeParseResult.Ok(EntryCode.Grade(code.Id));
                }
                inactiveMatch ??= code;
            }
        }

        if (SpecialCodes.TryParse(text, out var special))
        {
            return CodeParseResult.Ok(EntryCode.Special(special));
        }

        if (inactiveMatch is not null)
        {
            return CodeParseResult.Fail($"Le code « {inactiveMatch.Sigle} » n'est pas actif : {Expected(gradeCodes)}");
        }
        return CodeParseResult.Fail($"Code « {Shorten(text)} » inconnu : {Expected(gradeCodes)}");
    }

    private static GradeCode? Find(IReadOnlyList<GradeCode> codes, int id)
    {
        foreach (var code in codes)
        {
            if (code.Id == id)
            {
                return code;
            }
        }
        return null;
    }

    private static string Expected(IReadOnlyList<GradeCode> codes)
    {
        var active = GradeCodes.ActiveOf(codes);
        var ids = new List<string>(active.Count);
        var sigles = new List<string>(active.Count);
        foreach (var code in active)
        {
            ids.Add(code.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            sigles.Add(code.Sigle);
        }
        var specials = new List<string>(SpecialCodes.All.Count);
        foreach (var info in SpecialCodes.All)
        {
            specials.Add(info.Sigle);
        }
        return $"saisir un numéro ({string.Join(", ", ids)}), un sigle ({string.Join(", ", sigles)}) "
            + $"ou un code spécial ({string.Join(", ", specials)}).";
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : string.Concat(text.AsSpan(0, 20), "…");
}
