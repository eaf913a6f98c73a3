using Sacoche.Competences.Domain;

namespace Sacoche.Competences.Application.Referentials;

/// <summary>Between the request's tree (DTOs) and the domain's <see cref="ReferentialTree"/>.</summary>
public static class ReferentialTrees
{
    /// <summary>Request → domain tree (validated by the domain's rules), with French errors naming the element.</summary>
    public static (ReferentialTree Tree, List<string> Errors) ToTree(IReadOnlyList<DomainDto> domains)
    {
        var errors = new List<string>();
        var list = new List<ReferentialDomain>(domains.Count);
        for (int d = 0; d < domains.Count; d++)
        {
            var dto = domains[d];
            var code = dto.Code?.Trim() ?? "";
            if (code.Length != 1)
            {
                errors.Add($"domaine n° {d + 1} : code « {code} » invalide (un seul caractère, lettre ou chiffre).");
            }
            var themes = new List<ReferentialTheme>();
            var themeDtos = dto.Themes ?? [];
            for (int t = 0; t < themeDtos.Count; t++)
            {
                var items = new List<ReferentialItem>();
                var itemDtos = themeDtos[t].Items ?? [];
                for (int i = 0; i < itemDtos.Count; i++)
                {
                    var it = itemDtos[i];
                    var links = new List<CommonCoreLink>();
                    foreach (var s in it.Socle ?? [])
                    {
                        if (!CommonCore.TryParse(s.Component, out var component))
                        {
                            errors.Add($"item n° {i + 1} du thème « {themeDtos[t].Name} » : composante du socle « {s.Component} » inconnue.");
                            continue;
                        }
                        links.Add(new CommonCoreLink(s.Cycle, component));
                    }
                    items.Add(new ReferentialItem(i + 1, it.Ref?.Trim() ?? "", it.Name?.Trim() ?? "")
                    {
                        Abbreviation = it.Abbrev?.Trim() ?? "",
                        Coefficient = it.Coef ?? 1,
                        Cart = it.Cart ?? true,
                        Link = string.IsNullOrWhiteSpace(it.Link) ? null : it.Link.Trim(),
                        Comment = string.IsNullOrWhiteSpace(it.Comment) ? null : it.Comment,
                        CommonCoreLinks = links,
                    });
                }
                themes.Add(new ReferentialTheme(t + 1, themeDtos[t].Ref?.Trim() ?? "", themeDtos[t].Name?.Trim() ?? "", items));
            }
            list.Add(new ReferentialDomain(d + 1, code.Length == 1 ? code[0] : 'A', dto.Ref?.Trim() ?? "", dto.Name?.Trim() ?? "", themes));
        }
        var tree = new ReferentialTree(list);
        errors.AddRange(tree.Validate());
        return (tree, errors);
    }

    /// <summary>Domain tree → request DTOs without ids (new nodes).</summary>
    public static List<DomainDto> FromTree(ReferentialTree tree) =>
        [.. tree.Domains.Select(d => new DomainDto(null, d.Code.ToString(), d.Ref, d.Name,
            [.. d.Themes.Select(t => new ThemeDto(null, t.Ref, t.Name,
                [.. t.Items.Select(i => new ItemDto(null, i.Ref, i.Name, i.Abbreviation, i.Coefficient, i.Cart, i.Link, i.Comment,
                    [.. i.CommonCoreLinks.Select(l => new SocleDto(l.Cycle, l.Component.Code()))]))]))]))];

    /// <summary>A stored referential's tree as request DTOs without ids (a copy: export, publication).</summary>
    public static List<DomainDto> Copy(ReferentialResponse referential) =>
        [.. referential.Domains.Select(d => new DomainDto(null, d.Code, d.Ref, d.Name,
            [.. d.Themes.Select(t => new ThemeDto(null, t.Ref, t.Name,
                [.. t.Items.Select(i => new ItemDto(null, i.Ref, i.Name, i.Abbrev, i.Coef, i.Cart, i.Link, i.Comment, i.Socle))]))]))];
}
