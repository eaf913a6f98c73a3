namespace Sacoche.Competences.Domain;

/// <summary>How a referential's items are aggregated in syntheses (reference: "synthèse par domaine / par thème / sans synthèse").</summary>
public enum SynthesisMode
{
    Domain,
    Theme,
    None,
}

public static class SynthesisModes
{
    public const SynthesisMode Default = SynthesisMode.Domain;

    public static string ToReferenceString(this SynthesisMode mode) => mode switch
    {
        SynthesisMode.Domain => "domaine",
        SynthesisMode.Theme => "theme",
        SynthesisMode.None => "aucun",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown synthesis mode."),
    };

    public static bool TryParse(string? text, out SynthesisMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "domaine":
                mode = SynthesisMode.Domain;
                return true;
            case "theme" or "thème":
                mode = SynthesisMode.Theme;
                return true;
            case "aucun" or "aucune" or "sans":
                mode = SynthesisMode.None;
                return true;
            default:
                mode = Default;
                return false;
        }
    }

    public static SynthesisMode ParseOrDefault(string? text) => TryParse(text, out var mode) ? mode : Default;
}
