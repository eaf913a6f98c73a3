using Sacoche.Competences.Application.Referentials;

namespace Sacoche.Competences.Application.Catalog;

public sealed record PublishRequest(string? Description);

public sealed record CatalogImportRequest(string? SubjectCode, string? LevelCode);

/// <summary>Filters of the catalog listing; <c>AllVersions</c> lists every version, not only the newest of each publication.</summary>
public sealed record CatalogQuery(string? Subject, string? Level, bool? AllVersions, int? Page, int? PageSize);

/// <summary>A catalog entry. <c>CanWithdraw</c>: whether the caller may withdraw its publication (its latest version's author, or the webmaster).</summary>
public sealed record CatalogSummary(long Id, int AuthorEstablishment, long SourceReferentialId, int Version, bool Latest, string SubjectCode, string SubjectName,
    string LevelCode, string LevelName, string Description, string Method, int Limit, string Retroactivity, string SynthesisMode, int ItemCount, DateTimeOffset PublishedAt,
    bool CanWithdraw = false);

public sealed record CatalogDetail(CatalogSummary Summary, IReadOnlyList<DomainDto> Domains);
