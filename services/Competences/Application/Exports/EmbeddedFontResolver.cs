using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Sacoche.Competences.Application.Exports;

/// <summary>
/// PdfSharp finds no system fonts on Linux: every PDF uses DejaVu Sans (regular and bold), shipped in
/// the assembly as embedded resources (see Fonts/LICENSE), so exports never depend on the machine.
/// Any family name resolves to DejaVu Sans; italic is simulated.
/// </summary>
public sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>Installs the resolver once per process (PdfSharp allows setting it only before first use).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }
            if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            }
            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, false, italic);

    public byte[]? GetFont(string faceName) => Cache.GetOrAdd(faceName, static name =>
    {
        var resource = $"Sacoche.Competences.Fonts.{(name == Bold ? Bold : Regular)}.ttf";
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded font {resource} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
