using System.Globalization;
using System.Text;
using System.Xml;

namespace Sacoche.Competences.Domain;

/// <summary>Outcome of <see cref="ReferentialXml.Read"/>: a tree, or French errors naming the elements.</summary>
public sealed record ReferentialXmlResult(ReferentialTree? Tree, IReadOnlyList<string> Errors)
{
    public bool IsSuccess => Tree is not null && Errors.Count == 0;
}

/// <summary>
/// The referential exchange format of the reference:
/// <code>
/// &lt;arbre&gt;
///   &lt;domaine code="A" ref="" nom="…"&gt;
///     &lt;theme ref="" nom="…"&gt;
///       &lt;item ref="" nom="…" abrev="…" coef="1" cart="1" lien="https://…" comm="…"&gt;
///         &lt;socle cycle="3" composante="CPD_FRA" /&gt;
/// </code>
/// Orders are the document positions. Reading is hardened: no DTD, no external resolution,
/// bounded size and counts.
/// </summary>
public static class ReferentialXml
{
    /// <summary>Largest accepted document, in characters (about 4 MB of mostly-ASCII text).</summary>
    public const long MaxCharacters = 4_000_000;

    private const string Root = "arbre";
    private const string DomainElement = "domaine";
    private const string ThemeElement = "theme";
    private const string ItemElement = "item";
    private const string SocleElement = "socle";

    public static ReferentialXmlResult Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek && stream.Length - stream.Position > MaxCharacters * 2)
        {
            return Failure(TooLarge());
        }
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        var parser = new Parser();
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            var tree = parser.ReadTree(reader);
            return parser.Errors.Count == 0 ? new ReferentialXmlResult(tree, []) : Failure([.. parser.Errors]);
        }
        catch (AbortException)
        {
            return Failure([.. parser.Errors]);
        }
        catch (XmlException e)
        {
            return Failure(Describe(e));
        }
        catch (DecoderFallbackException)
        {
            return Failure("Le fichier n'est pas correctement encodé (UTF-8 attendu).");
        }
    }

    /// <summary>Writes the tree (UTF-8, indented). Orders are taken from list positions, sorted by <c>Order</c>.</summary>
    /// <exception cref="ArgumentException">The tree is invalid; the message holds the French errors.</exception>
    public static void Write(ReferentialTree tree, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(stream);
        var errors = tree.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ; ", errors), nameof(tree));
        }
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            CloseOutput = false,
        };
        using var writer = XmlWriter.Create(stream, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement(Root);
        foreach (var domain in Ordered(tree.Domains, static d => d.Order))
        {
            writer.WriteStartElement(DomainElement);
            writer.WriteAttributeString("code", domain.Code.ToString());
            writer.WriteAttributeString("ref", domain.Ref ?? "");
            writer.WriteAttributeString("nom", domain.Name);
            foreach (var theme in Ordered(domain.Themes, static t => t.Order))
            {
                writer.WriteStartElement(ThemeElement);
                writer.WriteAttributeString("ref", theme.Ref ?? "");
                writer.WriteAttributeString("nom", theme.Name);
                foreach (var item in Ordered(theme.Items, static i => i.Order))
                {
                    writer.WriteStartElement(ItemElement);
                    writer.WriteAttributeString("ref", item.Ref ?? "");
                    writer.WriteAttributeString("nom", item.Name);
                    writer.WriteAttributeString("abrev", item.Abbreviation ?? "");
                    writer.WriteAttributeString("coef", item.Coefficient.ToString(CultureInfo.InvariantCulture));
                    writer.WriteAttributeString("cart", item.Cart ? "1" : "0");
                    if (!string.IsNullOrEmpty(item.Link))
                    {
                        writer.WriteAttributeString("lien", item.Link);
                    }
                    if (!string.IsNullOrEmpty(item.Comment))
                    {
                        writer.WriteAttributeString("comm", item.Comment);
                    }
                    foreach (var link in item.CommonCoreLinks)
                    {
                        writer.WriteStartElement(SocleElement);
                        writer.WriteAttributeString("cycle", link.Cycle.ToString(CultureInfo.InvariantCulture));
                        writer.WriteAttributeString("composante", link.Component.Code());
                        writer.WriteEndElement();
                    }
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static List<T> Ordered<T>(IReadOnlyList<T> source, Func<T, int> order)
    {
        var list = new List<T>(source);
        // Stable: equal orders keep list order.
        var indexed = new List<(int Order, int Index, T Value)>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            indexed.Add((order(list[i]), i, list[i]));
        }
        indexed.Sort(static (a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : a.Index.CompareTo(b.Index));
        for (int i = 0; i < list.Count; i++)
        {
            list[i] = indexed[i].Value;
        }
        return list;
    }

    private static ReferentialXmlResult Failure(params string[] errors) => new(null, errors);

    private static string TooLarge() =>
        $"Le fichier est trop volumineux ({MaxCharacters / 1_000_000} millions de caractères au plus).";

    private static string Describe(XmlException e)
    {
        string where = e.LineNumber > 0
            ? string.Create(CultureInfo.InvariantCulture, $" (ligne {e.LineNumber}, colonne {e.LinePosition})")
            : "";
        string message = e.Message;
        if (message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
            || message.Contains("DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            return $"Fichier refusé{where} : les déclarations DOCTYPE (DTD) et les entités ne sont pas autorisées.";
        }
        if (message.Contains("entity", StringComparison.OrdinalIgnoreCase))
        {
            return $"Fichier refusé{where} : référence à une entité non autorisée.";
        }
        if (message.Contains("MaxCharactersInDocument", StringComparison.Ordinal)
            || message.Contains("maximum", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge();
        }
        return $"Le fichier n'est pas un XML valide{where}.";
    }

    private sealed class AbortException : Exception
    {
    }

    private sealed class Parser
    {
        private XmlReader _reader = null!;
        private int _items;

        public List<string> Errors { get; } = [];

        public ReferentialTree ReadTree(XmlReader reader)
        {
            _reader = reader;
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != Root || reader.NamespaceURI.Length != 0)
            {
                Error($"L'élément racine doit être <{Root}> (trouvé <{reader.Name}>).");
                throw new AbortException();
            }
            var domains = new List<ReferentialDomain>();
            ReadChildren(DomainElement, "arbre", () =>
            {
                if (domains.Count >= ReferentialTree.MaxDomains)
                {
                    Error($"Trop de domaines : {ReferentialTree.MaxDomains} au plus.");
                    throw new AbortException();
                }
                domains.Add(ReadDomain(domains.Count + 1));
            });
            // Nothing but whitespace/comments may follow; the reader enforces well-formedness to the end.
            while (reader.Read())
            {
            }
            return new ReferentialTree(domains);
        }

        private ReferentialDomain ReadDomain(int position)
        {
            string? name = Attribute("nom");
            string reference = Attribute("ref") ?? "";
            string codeText = Attribute("code") ?? "";
            string who = Names.Domain(position, name);
            char code = '\0';
            if (codeText.Length != 1)
            {
                Error(codeText.Length == 0
                    ? $"{who} : code vide (une lettre ou un chiffre attendu)"
                    : $"{who} : code « {ReferentialValidator.Shorten(codeText)} » invalide (un seul caractère attendu)");
            }
            else
            {
                code = codeText[0];
                if (!char.IsAsciiLetterOrDigit(code))
                {
                    Error($"{who} : code « {code} » invalide (une lettre ou un chiffre attendu)");
                }
            }
            CheckRefAndName(who, reference, name, ReferentialTree.MaxDomainNameLength);

            var themes = new List<ReferentialTheme>();
            ReadChildren(ThemeElement, who, () =>
            {
                if (themes.Count >= ReferentialTree.MaxThemesPerDomain)
                {
                    Error($"{who} : trop de thèmes ({ReferentialTree.MaxThemesPerDomain} au plus).");
                    throw new AbortException();
                }
                themes.Add(ReadTheme(themes.Count + 1, name));
            });
            return new ReferentialDomain(position, code, reference, name ?? "", themes);
        }

        private ReferentialTheme ReadTheme(int position, string? domainName)
        {
            string? name = Attribute("nom");
            string reference = Attribute("ref") ?? "";
            string who = Names.Theme(position, domainName);
            CheckRefAndName(who, reference, name, ReferentialTree.MaxThemeNameLength);

            var items = new List<ReferentialItem>();
            ReadChildren(ItemElement, who, () =>
            {
                if (items.Count >= ReferentialTree.MaxItemsPerTheme)
                {
                    Error($"{Names.ThemeNamed(position, name, domainName)} : trop d'items ({ReferentialTree.MaxItemsPerTheme} au plus).");
                    throw new AbortException();
                }
                if (++_items > ReferentialTree.MaxItems)
                {
                    Error($"Trop d'items : {ReferentialTree.MaxItems} au plus.");
                    throw new AbortException();
                }
                items.Add(ReadItem(items.Count + 1, name));
            });
            return new ReferentialTheme(position, reference, name ?? "", items);
        }

        private ReferentialItem ReadItem(int position, string? themeName)
        {
            string who = Names.Item(position, themeName);
            int coefficient = 1;
            string? coefText = Attribute("coef");
            if (!string.IsNullOrEmpty(coefText)
                && !int.TryParse(coefText, NumberStyles.None, CultureInfo.InvariantCulture, out coefficient))
            {
                Error($"{who} : coefficient « {ReferentialValidator.Shorten(coefText)} » invalide (nombre entier de {ReferentialTree.MinCoefficient} à {ReferentialTree.MaxCoefficient} attendu)");
                coefficient = 1;
            }
            bool cart = true;
            string? cartText = Attribute("cart");
            if (!string.IsNullOrEmpty(cartText))
            {
                switch (cartText.ToLowerInvariant())
                {
                    case "1" or "oui" or "true":
                        cart = true;
                        break;
                    case "0" or "non" or "false":
                        cart = false;
                        break;
                    default:
                        Error($"{who} : valeur « {ReferentialValidator.Shorten(cartText)} » de cart invalide (1 ou 0 attendu)");
                        break;
                }
            }
            var item = new ReferentialItem(position, Attribute("ref") ?? "", Attribute("nom") ?? "")
            {
                Abbreviation = Attribute("abrev") ?? "",
                Coefficient = coefficient,
                Cart = cart,
                Link = NullIfEmpty(Attribute("lien")),
                Comment = NullIfEmpty(Attribute("comm")),
            };
            var errors = new List<string>();
            ReferentialValidator.CheckItem(who, item, errors);
            foreach (var error in errors)
            {
                Error(error);
            }

            var links = new List<CommonCoreLink>();
            int socle = 0;
            ReadChildren(SocleElement, who, () =>
            {
                socle++;
                string socleWho = Names.Socle(socle, position, themeName);
                string? cycleText = Attribute("cycle");
                string? componentText = Attribute("composante");
                bool ok = true;
                if (!int.TryParse(cycleText, NumberStyles.None, CultureInfo.InvariantCulture, out int cycle)
                    || !CommonCore.IsValidCycle(cycle))
                {
                    Error($"{socleWho} : cycle « {ReferentialValidator.Shorten(cycleText ?? "")} » invalide (2, 3 ou 4 attendu)");
                    ok = false;
                }
                if (!CommonCore.TryParse(componentText, out var component))
                {
                    Error($"{socleWho} : composante « {ReferentialValidator.Shorten(componentText ?? "")} » inconnue (CPD_FRA, CPD_ETR, CPD_SCI, CPD_ART, MET_APP, FRM_CIT, SYS_NAT ou REP_MND attendu)");
                    ok = false;
                }
                var link = new CommonCoreLink(cycle, component);
                if (ok && !links.Contains(link))
                {
                    links.Add(link);
                }
                _reader.Skip();
            });
            return item with { CommonCoreLinks = links };
        }

        /// <summary>
        /// Visits the children of the current element. <paramref name="onChild"/> is called on each
        /// expected child with the reader on its start tag and must consume the whole element.
        /// </summary>
        private void ReadChildren(string expected, string parentWho, Action onChild)
        {
            var reader = _reader;
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return;
            }
            int depth = reader.Depth;
            reader.Read();
            while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (reader.LocalName == expected && reader.NamespaceURI.Length == 0)
                    {
                        onChild();
                    }
                    else
                    {
                        Error($"{parentWho} : élément <{reader.Name}> inattendu (<{expected}> attendu)");
                        reader.Skip();
                    }
                }
                else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && reader.Value.Trim().Length > 0)
                {
                    Error($"{parentWho} : texte inattendu « {ReferentialValidator.Shorten(reader.Value.Trim())} »");
                    reader.Read();
                }
                else
                {
                    reader.Read();
                }
            }
            reader.Read();
        }

        private void CheckRefAndName(string who, string reference, string? name, int maxName)
        {
            var errors = new List<string>();
            ReferentialValidator.CheckRef(who, reference, errors);
            ReferentialValidator.CheckName(who, name, maxName, errors);
            foreach (var error in errors)
            {
                Error(error);
            }
        }

        private string? Attribute(string name)
        {
            string? value = _reader.GetAttribute(name);
            return value?.Trim();
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        private void Error(string message)
        {
            Errors.Add(message);
            if (Errors.Count >= ReferentialValidator.MaxErrors)
            {
                Errors.Add("Trop d'erreurs : lecture interrompue.");
                throw new AbortException();
            }
        }
    }
}
