using System.Globalization;

namespace Sacoche.Web.Components.Shared;

/// <summary>Readable text on the colours the establishment chose for its codes and states (WCAG contrast).</summary>
public static class Colors
{
    public static string TextOn(string? background)
    {
        var hex = background?.Trim().TrimStart('#') ?? "";
        if (hex.Length == 3)
        {
            hex = string.Concat(hex.Select(c => $"{c}{c}"));
        }
        if (hex.Length != 6 || !int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return "#000";
        }
        static double Channel(int v)
        {
            var c = v / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        var l = 0.2126 * Channel((rgb >> 16) & 0xFF) + 0.7152 * Channel((rgb >> 8) & 0xFF) + 0.0722 * Channel(rgb & 0xFF);
        // Contrast with black (l + 0.05) / 0.05 versus with white 1.05 / (l + 0.05).
        return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000" : "#fff";
    }

    public static string Style(string? background) => $"background:{background};color:{TextOn(background)}";
}
