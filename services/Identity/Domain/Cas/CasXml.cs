using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Sacoche.Identity.Domain.Cas;

/// <summary>Safe XML reading shared by the CAS parsers: no DTD, no external resolution, bounded size, tolerant repair.</summary>
internal static partial class CasXml
{
    /// <summary>Upper bound of a CAS answer we accept to read (characters).</summary>
    public const int MaxCharacters = 1024 * 1024;

    public static XmlReaderSettings Settings(bool fragment) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters * 2L,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CheckCharacters = true,
        ConformanceLevel = fragment ? ConformanceLevel.Fragment : ConformanceLevel.Document,
        CloseInput = true,
    };

    /// <summary>
    /// Reads the root element. Strict mode requires a well-formed document; lenient mode (after <see cref="Repair"/>)
    /// reads the first element and ignores whatever follows it.
    /// </summary>
    public static XElement ReadRoot(string xml, bool lenient)
    {
        using var reader = XmlReader.Create(new StringReader(xml), Settings(lenient));
        if (reader.MoveToContent() != XmlNodeType.Element)
        {
            throw new XmlException("No root element.");
        }

        var root = (XElement)XNode.ReadFrom(reader);
        if (!lenient)
        {
            while (reader.Read())
            {
                // Checks the rest of the document is well-formed.
            }
        }

        return root;
    }

    /// <summary>
    /// Best-effort repair of the usual defects of ENT answers: BOM, leading junk or whitespace before the XML declaration,
    /// bare <c>&amp;</c>, HTML named entities (<c>&amp;eacute;</c>), characters not allowed in XML.
    /// </summary>
    public static string Repair(string xml)
    {
        var start = xml.IndexOf('<', StringComparison.Ordinal);
        var text = start > 0 ? xml[start..] : xml;

        if (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase))
        {
            var end = text.IndexOf("?>", StringComparison.Ordinal);
            if (end > 0)
            {
                text = text[(end + 2)..];
            }
        }

        text = AmpersandRegex().Replace(text, FixAmpersand);
        return RemoveInvalidCharacters(text);
    }

    private static string FixAmpersand(Match match)
    {
        var name = match.Groups["name"];
        if (!name.Success)
        {
            return "&amp;";
        }

        var value = name.Value;
        if (value[0] == '#' || value is "amp" or "lt" or "gt" or "quot" or "apos")
        {
            return match.Value;
        }

        var decoded = WebUtility.HtmlDecode(match.Value);
        return decoded == match.Value ? "&amp;" + value + ";" : Escape(decoded);
    }

    private static string Escape(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string RemoveInvalidCharacters(string text)
    {
        if (text.All(XmlConvert.IsXmlChar) || HasOnlyValidPairs(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c))
            {
                sb.Append(c);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
        }

        return sb.ToString();
    }

    private static bool HasOnlyValidPairs(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c))
            {
                continue;
            }

            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                i++;
                continue;
            }

            return false;
        }

        return true;
    }

    [GeneratedRegex(@"&(?:(?<name>#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AmpersandRegex();
}
