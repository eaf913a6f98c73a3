namespace Sacoche.Web.Api;

// Shapes of the API answers the pages read (JSON, camelCase). The APIs own them; these only mirror what is shown.

public sealed record EstablishmentView(int BaseId, string Uai, string Name, string? ContactName, string? ContactEmail, bool Active, string Mode, string LoginTemplate, DateTimeOffset CreatedAt);

public sealed record EstablishmentCreated(int BaseId, string Uai, string Name, string AdminLogin, string AdminPassword);

public sealed record ConnectionSettings(string? Mode, string? Connector, string? CasHost, int? CasPort, string? CasRoot,
    string? CasLoginUrl, string? CasValidateUrl, string? CasLogoutUrl, string? CasProtocol, bool? VerifyTls, string? CasScheme);

public sealed record EntConnectorView(string Connector, string? Department, string Label, string? Vendor, string? CsvFormat, string? Host, int? Port, string? Root,
    string? LoginUrl, string? LogoutUrl, string? ValidateUrl, bool RequiresSchoolSubdomain);

public sealed record AccountView(Guid Id, string Profile, string LastName, string FirstName, string Login, string? EntId, DateOnly? ExitDate, bool CredentialsDelivered,
    DateTimeOffset? LastSignInAt = null);

/// <summary>One page of accounts (GET api/identity/accounts), as every list answers (items, page, pageSize, totalCount, pageCount).</summary>
public sealed record AccountPage(List<AccountView> Items, int Page, int PageSize, int TotalCount, int PageCount);

public sealed record PasswordReset(Guid Id, string Login, string Password);

/// <summary>An administrator account (GET api/identity/administrators).</summary>
public sealed record AdministratorView(Guid Id, string Login, string LastName, string FirstName, bool Active, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt);

/// <summary>A new administrator and his initial password, shown once (POST api/identity/administrators).</summary>
public sealed record AdministratorCreated(Guid Id, string Login, string Password);

public sealed record SubjectView(string Code, string? BcnCode, string Name, string Origin);

public sealed record LevelView(string Code, string Name, string Ref, int Order, bool IsCycle, string MefMask);

public sealed record ReferentialSummary(long Id, string SubjectCode, string LevelCode, string Method, int Limit, string Retroactivity, int ItemCount, DateTimeOffset UpdatedAt);

public sealed record SocleView(int Cycle, string Component);

public sealed record ItemView(long Id, int Order, string DisplayRef, string Ref, string Name, string Abbrev, int Coef, bool Cart, string? Link, string? Comment, List<SocleView>? Socle);

public sealed record ThemeView(long Id, int Order, string Ref, string Name, List<ItemView> Items);

public sealed record DomainView(long Id, int Order, string Code, string Ref, string Name, List<ThemeView> Themes);

public sealed record ReferentialView(long Id, string SubjectCode, string LevelCode, string Method, int Limit, string Retroactivity, DateTimeOffset UpdatedAt, List<DomainView> Domains);

public sealed record ShareView(Guid TeacherId, string Right);

public sealed record EvaluationView(long Id, Guid OwnerId, string? ClassCode, string? GroupCode, List<Guid> StudentIds, DateOnly Date, DateOnly VisibleDate,
    DateOnly? SelfAssessmentUntil, string Description, List<long> ItemIds, List<ShareView> SharedWith, string MyRight,
    bool Done = false, int EnteredCells = 0, int ExpectedCells = 0);

public sealed record CellView(Guid StudentId, long ItemId, string Code, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt);

public sealed record GridStudentView(Guid StudentId, string LastName, string FirstName, List<CellView> Cells);

public sealed record GridItemView(long ItemId, string Name);

public sealed record GridView(long EvaluationId, List<GridItemView> Items, List<GridStudentView> Students);

public sealed record ReportEntryView(DateOnly Date, long EvaluationId, string Evaluation, string Code, string Sigle);

public sealed record ReportItemView(long ItemId, long ReferentialId, string DisplayRef, string Name, int Coef, int? Score, string? State, List<ReportEntryView> Entries);

public sealed record ReportSubjectView(string SubjectCode, string SubjectName, int? Mean, int? PercentAcquired, decimal? OutOf20, List<ReportItemView> Items);

public sealed record StudentReportView(Guid StudentId, string LastName, string FirstName, DateOnly? From, DateOnly? To, List<ReportSubjectView> Subjects);

public sealed record GradeCodeView(int Id, string Sigle, int Value, string Legend, string Color, string Key, bool Active);

public sealed record StateView(int Id, int Min, int Max, int Weight, string Sigle, string Legend, string Color);
