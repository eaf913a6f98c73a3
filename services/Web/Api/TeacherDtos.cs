namespace Sacoche.Web.Api;

// Shapes of the Competences answers read by the teacher pages (evaluations, sharing, academy catalog).

/// <summary>A class the caller may assess (GET api/competences/me/structures).</summary>
public sealed record ClassOption(string Code, string Name, string? LevelCode, int StudentCount);

/// <summary>A group the caller may assess.</summary>
public sealed record GroupOption(string Code, string Name, int StudentCount);

public sealed record MyStructures(List<ClassOption> Classes, List<GroupOption> Groups);

/// <summary>A member of staff an evaluation can be shared with (GET api/competences/colleagues).</summary>
public sealed record ColleagueView(Guid UserId, string LastName, string FirstName, string Profile);

/// <summary>A catalog entry; <c>CanWithdraw</c>: the caller may withdraw it (author of its latest version, or the webmaster).</summary>
public sealed record CatalogSummaryView(long Id, int AuthorEstablishment, long SourceReferentialId, int Version, bool Latest, string SubjectCode, string SubjectName,
    string LevelCode, string LevelName, string Description, string Method, int Limit, string Retroactivity, string SynthesisMode, int ItemCount, DateTimeOffset PublishedAt,
    bool CanWithdraw = false);

/// <summary>One page of the catalog (GET api/competences/catalog?page=&amp;pageSize=), newest first.</summary>
public sealed record CatalogPageView(List<CatalogSummaryView> Items, int Page, int PageSize, int TotalCount, int PageCount);

public sealed record CatalogItemView(string? Ref, string Name, string? Abbrev, int? Coef);

public sealed record CatalogThemeView(string? Ref, string Name, List<CatalogItemView>? Items);

public sealed record CatalogDomainView(string Code, string? Ref, string Name, List<CatalogThemeView>? Themes);

public sealed record CatalogDetailView(CatalogSummaryView Summary, List<CatalogDomainView> Domains);
