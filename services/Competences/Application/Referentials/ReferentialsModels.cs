namespace Sacoche.Competences.Application.Referentials;

public sealed record SocleDto(int Cycle, string Component);

public sealed record ItemDto(long? Id, string? Ref, string Name, string? Abbrev, int? Coef, bool? Cart, string? Link, string? Comment, IReadOnlyList<SocleDto>? Socle);

public sealed record ThemeDto(long? Id, string? Ref, string Name, IReadOnlyList<ItemDto>? Items);

public sealed record DomainDto(long? Id, string Code, string? Ref, string Name, IReadOnlyList<ThemeDto>? Themes);

/// <summary>Body of POST (create) and PUT (replace the tree; nodes with an id are kept, moved or renamed).</summary>
/// <remarks><c>SynthesisMode</c>: "domaine" (default), "theme" or "aucun" — how syntheses aggregate the items.</remarks>
public sealed record ReferentialRequest(string SubjectCode, string LevelCode, string? Method, int? Limit, string? Retroactivity, IReadOnlyList<DomainDto>? Domains, string? SynthesisMode = null);

/// <summary>What an XML import takes besides the file: subject and level (required), scoring (optional, else the establishment's defaults).</summary>
public sealed record ReferentialImport(string? SubjectCode, string? LevelCode, string? Method, int? Limit, string? Retroactivity);

public sealed record ItemResponse(long Id, int Order, string DisplayRef, string Ref, string Name, string Abbrev, int Coef, bool Cart, string? Link, string? Comment, IReadOnlyList<SocleDto> Socle);

public sealed record ThemeResponse(long Id, int Order, string Ref, string Name, IReadOnlyList<ItemResponse> Items);

public sealed record DomainResponse(long Id, int Order, string Code, string Ref, string Name, IReadOnlyList<ThemeResponse> Themes);

public sealed record ReferentialResponse(long Id, string SubjectCode, string LevelCode, string Method, int Limit, string Retroactivity, DateTimeOffset UpdatedAt, IReadOnlyList<DomainResponse> Domains, string SynthesisMode = "domaine");

public sealed record ReferentialSummary(long Id, string SubjectCode, string LevelCode, string Method, int Limit, string Retroactivity, int ItemCount, DateTimeOffset UpdatedAt, string SynthesisMode = "domaine");

/// <summary>A referential as an XML file (export).</summary>
public sealed record ReferentialFile(byte[] Content, string FileName);

/// <summary>Entries an item removed by an update would take with it (member <c>items</c> of the confirmation problem).</summary>
public sealed record ItemEntries(long ItemId, int Entries);
